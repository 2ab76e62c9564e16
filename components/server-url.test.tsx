import { describe, expect, it } from 'vitest';
import { checkBaseUrl, isLoopbackHost } from './server-url';

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['api.archivebox.localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['::1', true],
    ['128.0.0.1', false],
    ['127.0.0.1.example.org', false],
    ['localhost.example.org', false],
    ['192.168.1.20', false],
    ['example.org', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});

describe('checkBaseUrl', () => {
  it('accepts https and keeps a path prefix, without trailing slashes', () => {
    expect(checkBaseUrl('  https://perma.cc/api/ ')).toEqual({
      ok: true,
      url: 'https://perma.cc/api',
      origin: 'https://perma.cc',
      insecure: false,
    });
  });

  it('accepts plain HTTP on loopback without a warning', () => {
    expect(checkBaseUrl('http://127.0.0.1:8000')).toMatchObject({ ok: true, insecure: false });
    expect(checkBaseUrl('http://localhost:8000/')).toMatchObject({
      ok: true,
      url: 'http://localhost:8000',
      insecure: false,
    });
    expect(checkBaseUrl('http://[::1]:8000')).toMatchObject({ ok: true, insecure: false });
  });

  it('marks plain HTTP to another machine as insecure', () => {
    expect(checkBaseUrl('http://192.168.1.20:8000')).toMatchObject({ ok: true, insecure: true });
  });

  it.each([
    ['', 'Enter the server’s address.'],
    ['api.perma.cc', 'Start the address with https://'],
    ['ftp://example.org', 'not “ftp”'],
    ['https://user:secret@example.org', 'Remove the user name or password'],
    ['https://example.org/?api_key=abc', 'Remove the “?…”'],
    ['https://exa mple.org', 'This is not a valid web address.'],
  ])('refuses %j with a specific message', (input, message) => {
    const result = checkBaseUrl(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });
});
