import { describe, expect, it } from 'vitest';
import { canReadLater, fullRangeLength, planBody, type PlanInput } from './body-plan';

const base: PlanInput = {
  url: 'https://a.example/x',
  method: 'GET',
  status: 200,
  headers: [],
  resourceType: 'Fetch',
  streamThreshold: 1000,
  fulfilLimit: 10_000,
};
const plan = (over: Partial<PlanInput>) => planBody({ ...base, ...over }).kind;

describe('planBody', () => {
  it('reads small bodies whole and streams large ones', () => {
    expect(plan({ headers: [['Content-Length', '999']] })).toBe('fetch');
    expect(plan({ headers: [['Content-Length', '1001']] })).toBe('stream');
  });

  it('unknown length: reads HTML/CSS/JS/JSON, error pages, scripts whole; streams the rest', () => {
    expect(plan({ headers: [['content-type', 'text/html; charset=utf-8']] })).toBe('fetch');
    expect(plan({ headers: [['content-type', 'application/json']] })).toBe('fetch');
    expect(plan({ headers: [['content-type', 'text/javascript']] })).toBe('fetch');
    expect(plan({ headers: [['content-type', 'text/plain']], status: 500 })).toBe('fetch');
    expect(plan({ headers: [['content-type', 'text/plain']], resourceType: 'Script' })).toBe(
      'fetch',
    );
    expect(plan({ headers: [['content-type', 'video/mp4']] })).toBe('stream');
    expect(plan({ headers: [] })).toBe('stream');
  });

  it('bodiless responses, skipped ones', () => {
    expect(plan({ method: 'HEAD', headers: [['content-length', '5000']] })).toBe('empty');
    expect(plan({ status: 204 })).toBe('empty');
    expect(plan({ status: 304 })).toBe('empty');
    expect(plan({ status: 302 })).toBe('empty');
    expect(plan({ url: 'chrome-extension://x/a.js' })).toBe('skip');
    expect(plan({ resourceType: 'EventSource' })).toBe('skip');
    expect(plan({ headers: [['content-type', 'text/event-stream']] })).toBe('skip');
    expect(plan({ resourceType: 'Preflight', method: 'OPTIONS' })).toBe('skip');
  });

  it('206: a whole-resource range is read, a partial one skipped with a note', () => {
    expect(
      plan({
        status: 206,
        headers: [
          ['content-range', 'bytes 0-9/10'],
          ['content-length', '10'],
        ],
      }),
    ).toBe('fetch');
    const partial = planBody({
      ...base,
      status: 206,
      headers: [['content-range', 'bytes 5-9/10']],
    });
    expect(partial).toEqual({
      kind: 'skip',
      note: 'partial response (206, bytes 5-9/10) not stored: https://a.example/x',
    });
  });

  it('navigations: never streamed at the pause', () => {
    const doc = { resourceType: 'Document' };
    expect(
      plan({
        ...doc,
        headers: [
          ['content-type', 'text/html'],
          ['content-length', '5000'],
        ],
      }),
    ).toBe('document-stream');
    expect(plan({ ...doc, headers: [['content-type', 'text/plain']] })).toBe('document-stream');
    expect(
      plan({
        ...doc,
        headers: [
          ['content-type', 'application/pdf'],
          ['content-length', '5000'],
        ],
      }),
    ).toBe('take-stream');
    expect(
      plan({
        ...doc,
        headers: [
          ['content-type', 'application/pdf'],
          ['content-length', '50000'],
        ],
      }),
    ).toBe('too-large');
    expect(plan({ ...doc, headers: [['content-type', 'application/zip']] })).toBe('fetch');
  });

  it("a file download in Cairn's own capture tab is read for the archive alone, any size", () => {
    const doc = { resourceType: 'Document', ownTab: true };
    const big = [
      ['content-type', 'application/zip'],
      ['content-length', String(60 * 1024 * 1024)],
    ] as [string, string][];
    expect(plan({ ...doc, headers: big })).toBe('take-download');
    expect(plan({ ...doc, headers: [['content-type', 'application/octet-stream']] })).toBe(
      'take-download',
    );
    expect(
      plan({
        ...doc,
        headers: [
          ['content-type', 'text/html'],
          ['content-disposition', 'attachment; filename="page.html"'],
        ],
      }),
    ).toBe('take-download');
    // PDFs have their viewer; pages are pages; the user's own tab gets its file.
    expect(plan({ ...doc, headers: [['content-type', 'application/pdf']] })).toBe('fetch');
    expect(plan({ ...doc, headers: [['content-type', 'text/html']] })).toBe('document-stream');
    expect(plan({ resourceType: 'Document', headers: big })).toBe('too-large');
  });

  it('a page of unknown length is streamed, so one that never ends keeps what arrived', () => {
    const doc = { resourceType: 'Document' };
    expect(plan({ ...doc, headers: [['content-type', 'text/html']] })).toBe('document-stream');
    // Short known-length pages and error pages are still read whole at the pause.
    expect(
      plan({
        ...doc,
        headers: [
          ['content-type', 'text/html'],
          ['content-length', '300'],
        ],
      }),
    ).toBe('fetch');
    expect(plan({ ...doc, status: 404, headers: [['content-type', 'text/html']] })).toBe('fetch');
  });
});

describe('fullRangeLength', () => {
  it.each([
    ['bytes 0-35/36', 36],
    ['bytes 0-34/36', undefined],
    ['bytes 1-35/36', undefined],
    ['bytes 0-35/*', undefined],
  ])('%s', (range, expected) => {
    expect(fullRangeLength([['Content-Range', range]])).toBe(expected);
  });
});

describe('canReadLater', () => {
  it('lets healthy scripts and stylesheets through, their bodies read from the renderer', () => {
    expect(canReadLater('Script', 200, 'text/javascript')).toBe(true);
    expect(canReadLater('Script', 200, 'application/ecmascript')).toBe(true);
    expect(canReadLater('Stylesheet', 200, 'text/css')).toBe(true);
    expect(canReadLater('Image', 200, 'image/png')).toBe(true);
  });

  it('keeps reading at the pause what a renderer may cancel or never read', () => {
    // A renderer cancels an error script, or one of the wrong type, and its body goes too.
    expect(canReadLater('Script', 500, 'text/javascript')).toBe(false);
    expect(canReadLater('Script', 200, 'text/plain')).toBe(false);
    expect(canReadLater('Stylesheet', 404, 'text/css')).toBe(false);
    expect(canReadLater('Script', 206, 'text/javascript')).toBe(false);
    // An image that is not one (HTML, JSON) may reach a renderer empty (opaque-response blocking).
    expect(canReadLater('Image', 200, 'text/html')).toBe(false);
    expect(canReadLater('Image', 404, 'image/png')).toBe(false);
    // Documents may be PDFs or downloads; fonts may fail CORS; fetch bodies may go unread.
    expect(canReadLater('Document', 200, 'text/html')).toBe(false);
    expect(canReadLater('Font', 200, 'font/woff2')).toBe(false);
    expect(canReadLater('Fetch', 200, 'application/json')).toBe(false);
  });
});
