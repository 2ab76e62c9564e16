import { describe, expect, it } from 'vitest';
import { addressVariants } from './archive-store';
import { parseReplayUrl, replayTimestamp, replayUrl, REPLAY_PREFIX } from './replay-url';

describe('replay URLs', () => {
  it('name the archive, the capture time and the archived URL, and parse back', () => {
    const when = Date.UTC(2026, 11, 7, 4, 5, 6, 789);
    expect(replayTimestamp(when)).toBe('20261207040506');
    const href = replayUrl('a-1', 'https://example.com/p?q=1#x', when);
    expect(href).toBe(`${REPLAY_PREFIX}a-1/20261207040506mp_/https://example.com/p?q=1#x`);
    expect(parseReplayUrl(href)).toEqual({
      archiveId: 'a-1',
      timestamp: '20261207040506',
      url: 'https://example.com/p?q=1#x',
    });
    expect(parseReplayUrl(`${REPLAY_PREFIX}a-1/2026im_/https://e.test/i.png`)?.url).toBe(
      'https://e.test/i.png',
    );
    expect(parseReplayUrl('https://example.com/w/a/1mp_/x')).toBeUndefined();
  });
});

describe('addressVariants', () => {
  it('tries the exact address first, then the trailing slash and the other scheme', () => {
    expect(addressVariants('https://e.test/docs')).toEqual([
      'https://e.test/docs',
      'https://e.test/docs/',
      'http://e.test/docs',
      'http://e.test/docs/',
    ]);
    // A query is part of the resource: no slash is added before it.
    expect(addressVariants('http://e.test/a?b=1')).toEqual([
      'http://e.test/a?b=1',
      'https://e.test/a?b=1',
    ]);
    expect(addressVariants('not a url')).toEqual(['not a url']);
  });
});
