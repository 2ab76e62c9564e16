import { describe, expect, it } from 'vitest';
import { PAYLOAD_DIGEST_PATTERN, payloadDigestOf } from './digest';
import { pseudoRandomBytes, sha256 } from './test-utils';

const MiB = 1024 * 1024;

describe('payloadDigestOf', () => {
  it.each([0, 1, 55, 64, MiB - 1, MiB, MiB + 1, 3.5 * MiB])(
    'equals Node crypto SHA-256 for %i bytes',
    async (n) => {
      const data = pseudoRandomBytes(n, n + 1);
      const digest = await payloadDigestOf(new Blob([data]));
      expect(digest).toMatch(PAYLOAD_DIGEST_PATTERN);
      expect(digest).toBe(sha256(data));
    },
  );

  it('gives the same digest for the same bytes split into different Blob parts', async () => {
    const data = pseudoRandomBytes(100_000);
    const parts = [data.slice(0, 3), data.slice(3, 70_000), data.slice(70_000)];
    expect(await payloadDigestOf(new Blob(parts))).toBe(await payloadDigestOf(new Blob([data])));
  });

  it('gives the same digest for bytes in memory (WebCrypto) as for their Blob', async () => {
    for (const n of [0, 1, 70_000, MiB + 3]) {
      const data = pseudoRandomBytes(n, n);
      expect(await payloadDigestOf(data)).toBe(await payloadDigestOf(new Blob([data])));
    }
  });

  it('knows the SHA-256 of the empty payload', async () => {
    expect(await payloadDigestOf(new Blob([]))).toBe(
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
