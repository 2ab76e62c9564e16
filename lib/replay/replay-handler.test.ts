import { beforeEach, describe, expect, it } from 'vitest';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { archiveRow } from '../db/repos/library-test-utils';
import { createArchiveSink } from '../db/archive-sink';
import { sampleExchange } from '../warc/test-utils';
import { createReplayHandler } from './replay-handler';
import { REPLAY_ORIGIN, replayUrl } from './replay-url';

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
