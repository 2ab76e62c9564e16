import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { archiveRow } from '../db/repos/library-test-utils';
import { createArchiveSink } from '../db/archive-sink';
import { sampleExchange } from '../warc/test-utils';
import { createReplayHandler } from './replay-handler';
import { REPLAY_ORIGIN, REPLAY_PREFIX, replayUrl } from './replay-url';

const PAGE = 'https://example.com/dir/page.html';

async function storePage(html: string, extra: { url: string; body: string; type: string }[] = []) {
  const archive = archiveRow('f', { url: PAGE });
  await createArchive(archive);
  const sink = createArchiveSink(archive.id);
  const exchange = (url: string, body: string, type: string, resourceType: string) => {
    const bytes = new TextEncoder().encode(body);
    return sampleExchange({
      request: { url },
      resourceType,
      response: {
        headers: [['Content-Type', type]],
        body: { blob: new Blob([bytes]), length: bytes.length },
        mimeType: type.split(';')[0],
      },
    });
  };
  await sink.exchange(exchange(PAGE, html, 'text/html; charset=utf-8', 'Document'));
  for (const e of extra) await sink.exchange(exchange(e.url, e.body, e.type, 'Other'));
  return archive;
}

function get(url: string, resourceType = 'Document') {
  return { url, method: 'GET', headers: {}, resourceType };
}

describe('the replay handler', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('serves an archived page with its links rewritten into the archive and wombat injected', async () => {
    const archive = await storePage(
      '<!doctype html><html><head><link rel="stylesheet" href="/assets/a.css"></head><body><img src="img/b.png"><p>Hello</p></body></html>',
    );
    const handle = createReplayHandler();
    const response = await handle(get(replayUrl(archive.id, PAGE, archive.createdAt)));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Hello');
    expect(html).toContain(`${REPLAY_ORIGIN}/static/wombat.js`);
    expect(html).toContain(`href="/w/${archive.id}/`);
    expect(html).toMatch(/href="\/w\/[^"]+_\/https:\/\/example\.com\/assets\/a\.css"/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'unsafe-eval'");
  });
});

describe('lookups over the archive', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('answers a subresource from its record, including one stored as a revisit', async () => {
    const css = 'body { color: rgb(1, 2, 3) }';
    const archive = await storePage('<p>x</p>', [
      { url: 'https://example.com/a.css', body: css, type: 'text/css' },
      // The same bytes again: stored as a revisit of the first.
      { url: 'https://example.com/b.css', body: css, type: 'text/css' },
    ]);
    const handle = createReplayHandler();
    for (const name of ['a', 'b']) {
      const url = `${REPLAY_PREFIX}${archive.id}/20260101000000cs_/https://example.com/${name}.css`;
      const response = await handle(get(url, 'Stylesheet'));
      expect(response.status, name).toBe(200);
      expect(await response.text(), name).toContain('rgb(1, 2, 3)');
    }
  });

  it('finds an address written with the other scheme or without its trailing slash', async () => {
    const archive = await storePage('<p>home</p>', [
      { url: 'https://example.com/docs/', body: '<p>docs</p>', type: 'text/html' },
    ]);
    const handle = createReplayHandler();
    const response = await handle(get(replayUrl(archive.id, 'http://example.com/docs', 0)));
    expect(await response.text()).toContain('docs');
  });

  it('a page not in the archive: the capture of it nearest in time, else "Not archived"', async () => {
    const first = await storePage('<p>first</p>');
    const handle = createReplayHandler();
    const elsewhere = 'https://example.com/other.html';
    const missing = await handle(get(replayUrl(first.id, elsewhere, first.createdAt)));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Not archived');
    // A missing subresource is a plain 404, not a page.
    const image = await handle(get(replayUrl(first.id, 'https://example.com/x.png', 0), 'Image'));
    expect(image.status).toBe(404);
    expect(image.headers.get('content-type')).not.toContain('text/html');

    const other = archiveRow('f', { url: elsewhere, responseCount: 1 });
    await createArchive(other);
    const redirect = await handle(get(replayUrl(first.id, elsewhere, first.createdAt)));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(replayUrl(other.id, elsewhere, other.createdAt));
  });

  it('refuses a service worker script and an unknown archive', async () => {
    const archive = await storePage('<p>x</p>');
    const handle = createReplayHandler();
    const sw = await handle({
      ...get(replayUrl(archive.id, PAGE, 0), 'Script'),
      headers: { 'Service-Worker': 'script' },
    });
    expect(sw.status).toBe(403);
    const unknown = await handle(get(replayUrl('no-such-archive', PAGE, 0)));
    expect(unknown.status).toBe(404);
  });
});

describe('archived POSTs', () => {
  beforeEach(() => {
    useFreshDb();
  });

  it('a form POST replays the answer the server gave to it', async () => {
    const archive = await storePage('<form method="post" action="/submit"></form>', [
      { url: 'https://example.com/submit', body: '<p>thanks for posting</p>', type: 'text/html' },
    ]);
    const handle = createReplayHandler();
    const response = await handle({
      url: replayUrl(archive.id, 'https://example.com/submit', 0),
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new TextEncoder().encode('name=a&x=1'),
      resourceType: 'Document',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('thanks for posting');
  });
});
