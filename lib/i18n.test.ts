import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../public/_locales/en/messages.json';
import { t } from './i18n';

describe('t', () => {
  it('resolves named placeholders like chrome.i18n', () => {
    expect(t('progressLine', [12, '3.4 MB'])).toBe('12 responses · 3.4 MB');
  });

  it('every placeholder used in a message is declared', () => {
    for (const [key, entry] of Object.entries(messages) as Array<
      [string, { message: string; placeholders?: Record<string, unknown> }]
    >) {
      for (const [, name] of entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)) {
        expect(entry.placeholders?.[name!.toLowerCase()], `${key} uses $${name}$`).toBeDefined();
      }
    }
  });

  describe('with chrome.i18n', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('asks chrome.i18n once per message and substitutions, then remembers the answer', () => {
      const getMessage = vi.fn((key: string, subs?: string[]) => `${key}:${subs?.join(',')}`);
      vi.stubGlobal('chrome', { i18n: { getMessage } });
      expect(t('libraryDeletedCount', [7001])).toBe('libraryDeletedCount:7001');
      expect(t('libraryDeletedCount', [7001])).toBe('libraryDeletedCount:7001');
      expect(getMessage).toHaveBeenCalledTimes(1);
      expect(t('libraryDeletedCount', [7002])).toBe('libraryDeletedCount:7002');
      expect(getMessage).toHaveBeenCalledTimes(2);
    });
  });
});
