import { describe, expect, it } from 'vitest';
import type { PermaArchive } from './perma-client';
import { CLOCK_SKEW_MS, matchRemoteCopies, privacyFits, type LocalSide } from './perma-recovery';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const url = 'https://example.test/page';

function copy(guid: string, at: number, fields: Partial<PermaArchive> = {}): PermaArchive {
  return {
    guid,
    url,
    title: 'Page',
    is_private: false,
    creation_timestamp: new Date(at).toISOString(),
    ...fields,
  };
}
const local = (fields: Partial<LocalSide> = {}): LocalSide => ({
  url,
  isPrivate: false,
  title: 'Page',
  windows: [{ from: T0, to: T0 + 2000 }],
  ...fields,
});
const none = new Set<string>();
const match = (found: PermaArchive[], side: LocalSide, extra: object = {}) =>
  matchRemoteCopies({ found, local: side, taken: none, rivals: [], inReview: none, ...extra });

describe('matchRemoteCopies', () => {
  it('keeps the oldest copy made during the attempts and calls the others spares', () => {
    const result = match([copy('B', T0 + 1500), copy('A', T0 + 500)], local());
    expect(result).toMatchObject({ kind: 'found', keep: { guid: 'A' }, spares: [{ guid: 'B' }] });
  });

  it('never gives a private archive a public copy, nor a public one a private copy', () => {
    expect(match([copy('A', T0 + 1, { is_private: false })], local({ isPrivate: true }))).toEqual({
      kind: 'none',
    });
    expect(match([copy('A', T0 + 1, { is_private: true })], local())).toEqual({ kind: 'none' });
  });

  it('lets an organisation that forces privacy make a public archive private', () => {
    const forced = copy('A', T0 + 1, {
      is_private: true,
      private_reason: 'user',
      organization: { id: 1, name: 'Org', default_to_private: true },
    });
    expect(privacyFits(false, forced)).toBe(true);
    expect(privacyFits(false, { ...forced, private_reason: 'takedown' })).toBe(false);
  });

  it('ignores copies outside every attempt window (with the clock skew), deleted, taken or of another URL or title', () => {
    const found = [
      copy('OLD', T0 - CLOCK_SKEW_MS - 1),
      copy('LATE', T0 + 2000 + CLOCK_SKEW_MS + 1),
      copy('GONE', T0 + 1, { user_deleted: true }),
      copy('TAKEN', T0 + 1),
      copy('URL', T0 + 1, { url: 'https://example.test/other' }),
      copy('TITLE', T0 + 1, { title: 'Other' }),
    ];
    expect(match(found, local(), { taken: new Set(['TAKEN']) })).toEqual({ kind: 'none' });
    expect(match([copy('EDGE', T0 - CLOCK_SKEW_MS)], local()).kind).toBe('found');
  });

  it('decides nothing when a rival archive could own a candidate, or another review lists it', () => {
    const rival = local({ windows: [{ from: T0 + 1000 }] });
    expect(match([copy('A', T0 + 500)], local(), { rivals: [rival] })).toMatchObject({
      kind: 'ambiguous',
      candidates: [{ guid: 'A' }],
    });
    // A rival of the other privacy cannot own it.
    expect(
      match([copy('A', T0 + 500)], local(), { rivals: [{ ...rival, isPrivate: true }] }).kind,
    ).toBe('found');
    expect(match([copy('A', T0 + 500)], local(), { inReview: new Set(['A']) }).kind).toBe(
      'ambiguous',
    );
  });
});
