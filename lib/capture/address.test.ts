import { describe, expect, it } from 'vitest';
import { captureKey, isLocalFile, parseAddress } from './address';

describe('parseAddress', () => {
  it.each([
    ['example.org', 'https://example.org/', true],
    ['  https://example.org/a?b=c ', 'https://example.org/a?b=c', false],
    ['localhost:8080/x', 'https://localhost:8080/x', true],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000/', false],
    ['HTTP://Example.ORG', 'http://example.org/', false],
    ['file:///home/me/notes.html', 'file:///home/me/notes.html', false],
  ])('%j reads as %s', (input, url, schemeGuessed) => {
    expect(parseAddress(input)).toEqual({ ok: true, url, schemeGuessed });
  });

  it.each([
    ['', 'empty-url'],
    ['not a url', 'invalid-url'],
    ['http://exa mple.com', 'invalid-url'],
    ['exa\tmple.com', 'invalid-url'],
    ['http://', 'invalid-url'],
    ['https://[::1', 'invalid-url'],
    ['http://user:secret@host/', 'credentials-in-url'],
    ['user:secret@host', 'credentials-in-url'],
  ])('%j is refused with %s', (input, code) => {
    const verdict = parseAddress(input);
    expect(verdict).toMatchObject({ ok: false, code });
    if (!verdict.ok) expect(verdict.message).not.toMatch(/secret/);
  });

  it('shortens very long refused input in its message', () => {
    const verdict = parseAddress(`a b${'x'.repeat(5000)}`);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.message.length).toBeLessThan(300);
  });
});

describe('captureKey and isLocalFile', () => {
  it('treats addresses that differ only by #fragment as one page', () => {
    expect(captureKey('https://a.test/x?y#z')).toBe('https://a.test/x?y');
    expect(captureKey('https://a.test/x')).toBe('https://a.test/x');
  });

  it('knows local files', () => {
    expect(isLocalFile('file:///etc/passwd')).toBe(true);
    expect(isLocalFile('FILE:///x')).toBe(true);
    expect(isLocalFile('https://file.test/')).toBe(false);
  });
});
