import { describe, expect, it } from 'vitest';
import { classifyUrl, isRecordableUrl, skipReason } from './url-policy';

describe('classifyUrl', () => {
  it.each([
    ['https://example.org/page', true, undefined],
    ['http://127.0.0.1:8080/', true, undefined],
    ['chrome://settings', false, 'browser-page'],
    ['edge://newtab', false, 'browser-page'],
    ['chrome-extension://abcdef/popup.html', false, 'extension-page'],
    ['https://chromewebstore.google.com/detail/x/abc', false, 'web-store'],
    ['https://chrome.google.com/webstore/detail/abc', false, 'web-store'],
    ['https://chrome.google.com/search', true, undefined],
    ['view-source:https://example.org/', false, 'view-source'],
    ['about:blank', false, 'blank-page'],
    ['about:newtab', false, 'blank-page'],
    ['data:text/html,hi', false, 'data-url'],
    ['javascript:alert(1)', false, 'javascript-url'],
    ['devtools://devtools/bundled/inspector.html', false, 'devtools-page'],
    ['blob:https://example.org/1234', false, 'blob-url'],
    ['ftp://example.org/file', false, 'unsupported-scheme'],
    ['not a url', false, 'invalid-url'],
  ])('%s', (url, ok, code) => {
    const verdict = classifyUrl(url, { fileAccess: false });
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) {
      expect(verdict.code).toBe(code);
      expect(verdict.message.length).toBeGreaterThan(20);
    }
  });

  it("tells Cairn's own pages from another extension's", () => {
    const own = 'chrome-extension://cairnid/';
    expect(classifyUrl(`${own}library.html`, { fileAccess: false, ownOrigin: own })).toMatchObject({
      ok: false,
      code: 'own-page',
      message: expect.stringContaining("Cairn's own pages"),
    });
    expect(
      classifyUrl('chrome-extension://other/page.html', { fileAccess: false, ownOrigin: own }),
    ).toMatchObject({ ok: false, code: 'extension-page' });
  });

  it('allows file:// only with file access, and says how to grant it', () => {
    expect(classifyUrl('file:///home/me/page.html', { fileAccess: true })).toEqual({ ok: true });
    const denied = classifyUrl('file:///home/me/page.html', { fileAccess: false });
    expect(denied).toMatchObject({ ok: false, code: 'file-access' });
    expect(!denied.ok && denied.message).toContain('Allow access to file URLs');
  });
});

describe('what is stored', () => {
  it('stores network URLs only', () => {
    expect(isRecordableUrl('https://a.example/')).toBe(true);
    expect(isRecordableUrl('data:image/png;base64,AA')).toBe(false);
    expect(isRecordableUrl('blob:https://a.example/1')).toBe(false);
    expect(isRecordableUrl('chrome-extension://x/y.js')).toBe(false);
  });

  it('skips preflights silently and event streams with a note', () => {
    expect(skipReason({ url: 'https://a.example/', method: 'GET' })).toBeUndefined();
    expect(
      skipReason({ url: 'https://a.example/', method: 'OPTIONS', resourceType: 'Preflight' }),
    ).toBe('');
    expect(
      skipReason({
        url: 'https://a.example/',
        method: 'OPTIONS',
        headers: [['Access-Control-Request-Method', 'PUT']],
      }),
    ).toBe('');
    expect(skipReason({ url: 'https://a.example/', method: 'OPTIONS' })).toBeUndefined();
    expect(
      skipReason({ url: 'https://a.example/events', method: 'GET', resourceType: 'EventSource' }),
    ).toContain('not recorded');
    expect(skipReason({ url: 'data:,x', method: 'GET' })).toBe('');
  });
});
