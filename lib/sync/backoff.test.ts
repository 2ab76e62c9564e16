import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  const opts = (r: number) => ({ baseMs: 1000, maxMs: 60_000, random: () => r });

  it('doubles per attempt, with jitter between half and the whole step', () => {
    expect(backoffDelay(1, opts(0))).toBe(500);
    expect(backoffDelay(1, opts(0.999999))).toBe(1000);
    expect(backoffDelay(2, opts(0))).toBe(1000);
    expect(backoffDelay(3, opts(0))).toBe(2000);
    expect(backoffDelay(4, opts(0.5))).toBe(6000);
  });

  it('never exceeds the ceiling', () => {
    expect(backoffDelay(30, opts(0.999999))).toBeLessThanOrEqual(60_000);
    expect(backoffDelay(30, opts(0))).toBe(30_000);
  });

  it('spreads simultaneous retries', () => {
    const delays = new Set(
      Array.from({ length: 50 }, () => backoffDelay(5, { baseMs: 1000, maxMs: 60_000 })),
    );
    expect(delays.size).toBeGreaterThan(10);
  });

  it('treats Retry-After as a floor', () => {
    expect(backoffDelay(1, opts(0), 5000)).toBe(5000);
    expect(backoffDelay(6, opts(0), 5000)).toBe(16_000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it.each([
    ['120', 120_000],
    [' 1 ', 1000],
    ['0', 0],
    ['Wed, 02 Dec 2026 12:00:30 GMT', 30_000],
    ['Wed, 02 Dec 2026 11:00:00 GMT', 0],
    ['99999999', 6 * 3600_000],
  ])('parses %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it.each([null, undefined, '', 'soon', '-5'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
