import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../public/_locales/en/messages.json';
import { t, tCount } from './i18n';

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

  it('counts in the singular only for one', () => {
    expect(tCount(1, 'libraryArchiveCount')).toBe('1 archive');
    expect(tCount(0, 'libraryArchiveCount')).toBe('0 archives');
    expect(tCount(2, 'libraryArchiveCount')).toBe('2 archives');
    expect(tCount(1, 'librarySearchResults', ['quokka'])).toBe('1 result for “quokka”');
    expect(tCount(12, 'librarySearchResults', ['quokka'])).toBe('12 results for “quokka”');
    expect(tCount(1, 'progressLine', ['3.4 MB'])).toBe('1 response · 3.4 MB');
  });

  it('every counted message has a singular with the same placeholders', () => {
    const all = messages as Record<string, { message: string }>;
    for (const [key, entry] of Object.entries(all)) {
      const one = all[`${key}One`];
      if (!one) continue;
      const names = (m: string) => [...m.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1]).sort();
      expect(names(one.message), key).toEqual(names(entry.message));
      expect(names(entry.message), key).toContain('COUNT');
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
