import { describe, expect, it } from 'vitest';
import { remoteNotes } from './remote-notes';

describe('remoteNotes', () => {
  it("is the user's notes for an archive of one page", () => {
    expect(remoteNotes({ notes: 'Mine' })).toBe('Mine');
    expect(remoteNotes({ notes: '', pages: [{ url: 'https://a.test/', title: 'A', ts: 1 }] })).toBe(
      '',
    );
  });

  it('lists every page of a recording after the notes', () => {
    const pages = [
      { url: 'https://a.test/', title: 'A', ts: 1 },
      { url: 'https://a.test/b', title: '', ts: 2 },
    ];
    expect(remoteNotes({ notes: 'Mine', pages })).toBe(
      'Mine\n\nPages in this archive (2, recorded with Cairn):\n1. A — https://a.test/\n2. https://a.test/b',
    );
    expect(remoteNotes({ notes: '', pages })).toMatch(/^Pages in this archive \(2/);
  });
});
