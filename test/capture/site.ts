/**
 * A small local web site for the recorder's Chromium tests: two origins (127.0.0.1 and
 * localhost on a second port, so iframes from one are out-of-process in the other), with
 * redirects, POST echo, errors, gzip, range requests, workers, big and broken streams.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A running test site. */
export interface TestSite {
  /** http://127.0.0.1:<port1> */
  origin: string;
  /** http://localhost:<port2>: another site, so its frames are out-of-process. */
  otherOrigin: string;
  /** A port nothing listens on (for failed requests). */
  closedPort: number;
  /** The CSS served gzip-compressed (the decoded body must equal this). */
  css: string;
  /** sha256 (hex) of /stream?size=N's body. */
  streamSha256(size: number): string;
  /** Bytes of the binary POST the basic page sends. */
  binaryPost: Uint8Array;
  close(): Promise<void>;
}

/** Deterministic, incompressible bytes: position i of every stream has the same value. */
export function streamBytes(offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    const n = offset + i;
    out[i] = (Math.imul(n, 0x9e3779b1) >>> 24) ^ (n & 0xff);
  }
  return out;
}

const CSS = 'body { font-family: sans-serif; color: #222; }\n'.repeat(40);
const BINARY_POST = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 20 100 Td (Hello PDF) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function html(res: http.ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

/** Streams `size` deterministic bytes in 256 KiB writes, respecting backpressure. */
function sendStream(res: http.ServerResponse, size: number, breakAt?: number): void {
  let offset = 0;
  const limit = breakAt ?? size;
  const pump = () => {
    while (offset < limit) {
      const n = Math.min(256 * 1024, limit - offset);
      const ok = res.write(streamBytes(offset, n));
      offset += n;
      if (!ok) {
        res.once('drain', pump);
        return;
      }
    }
    if (breakAt !== undefined) setTimeout(() => res.socket?.destroy(), 50);
    else res.end();
  };
  pump();
}

/** Starts the site on two ephemeral ports. */
export async function startTestSite(): Promise<TestSite> {
  let origin = '';
  let otherOrigin = '';
  let closedPort = 0;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://site');
    const path = url.pathname;
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'x-test' };
    switch (path) {
      // --- basic: redirects, cookies, POST, errors, gzip, ranges ------------------------
      case '/basic/start':
        res.writeHead(301, { location: '/basic/hop' });
        return res.end();
      case '/basic/hop':
        res.writeHead(302, { location: '/basic/page', 'set-cookie': 'sid=abc123; Path=/' });
        return res.end('redirecting');
      case '/basic/page':
        return html(
          res,
          `<!doctype html><title>Basic page</title><link rel="stylesheet" href="/basic/style.css">
<h1>Basic page</h1><p>Visible text of the basic page.</p>
<img src="/basic/missing.png"><img src="data:image/png;base64,${TINY_PNG.toString('base64')}">
<script src="/basic/broken.js"></script>
<script>
  const post = new Uint8Array(${BINARY_POST.length}).map((_, i) => (i * 7) & 0xff);
  Promise.allSettled([
    fetch('/basic/echo', { method: 'POST', body: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    fetch('/basic/echo-bin', { method: 'POST', body: post, headers: { 'content-type': 'application/octet-stream' } }),
    fetch('/basic/echo-blob', { method: 'POST', body: new Blob([post]) }),
    fetch('http://127.0.0.1:${closedPort}/nothing'),
    fetch('/basic/range', { headers: { range: 'bytes=0-' } }),
    fetch('/basic/range', { headers: { range: 'bytes=10-19' } }),
    fetch('/basic/head', { method: 'HEAD' }),
    fetch('/basic/nocontent'),
    fetch('${otherOrigin}/basic/cors', { headers: { 'x-test': '1' } }),
    fetch(URL.createObjectURL(new Blob(['blob body']))),
  ]).then(() => { document.title = 'Basic page done'; });
</script>`,
          { 'set-cookie': 'theme=dark; Path=/' },
        );
      case '/basic/style.css':
        res.writeHead(200, { 'content-type': 'text/css', 'content-encoding': 'gzip' });
        return res.end(gzipSync(CSS));
      case '/basic/missing.png':
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('no such image');
      case '/basic/broken.js':
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('server error');
      case '/basic/echo':
      case '/basic/echo-bin':
      case '/basic/echo-blob': {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`got ${Buffer.concat(chunks).length} bytes`);
        });
        return;
      }
      case '/basic/range': {
        const body = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
        const m = /bytes=(\d+)-(\d*)/.exec(String(req.headers.range ?? ''));
        if (!m) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end(body);
        }
        const start = Number(m[1]);
        const end = m[2] ? Number(m[2]) : body.length - 1;
        res.writeHead(206, {
          'content-type': 'text/plain',
          'content-range': `bytes ${start}-${end}/${body.length}`,
          'content-length': String(end - start + 1),
        });
        return res.end(body.subarray(start, end + 1));
      }
      case '/basic/head':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' });
        return res.end(req.method === 'HEAD' ? undefined : 'hello');
      case '/basic/nocontent':
        res.writeHead(204);
        return res.end();
      case '/basic/cors':
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET' });
          return res.end();
        }
        res.writeHead(200, { ...cors, 'content-type': 'application/json' });
        return res.end('{"cross":"origin"}');

      // --- workers and an out-of-process iframe -----------------------------------------
      case '/workers/page':
        return html(
          res,
          `<!doctype html><title>Workers page</title><p>Top page text.</p>
<iframe src="${otherOrigin}/workers/frame" width="300" height="100"></iframe>
<script>
  new Worker('/workers/worker.js');
  new SharedWorker('/workers/shared.js');
  navigator.serviceWorker.register('/workers/sw.js').catch((e) => console.log(e));
</script>`,
        );
      case '/workers/frame':
        return html(
          res,
          `<p>Frame text from the other site.</p><script>fetch('/workers/frame-data')</script>`,
        );
      case '/workers/worker.js':
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(`fetch('/workers/from-worker').then((r) => r.text());`);
      case '/workers/shared.js':
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(
          `fetch('/workers/from-shared').then((r) => r.text()); onconnect = () => {};`,
        );
      case '/workers/sw.js':
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(
          `self.addEventListener('install', (e) => e.waitUntil(fetch('/workers/from-sw').then((r) => r.text())));`,
        );
      case '/workers/frame-data':
      case '/workers/from-worker':
      case '/workers/from-shared':
      case '/workers/from-sw':
        res.writeHead(200, { 'content-type': 'text/plain', ...cors });
        return res.end(`data for ${path}`);

      // --- streams ------------------------------------------------------------------------
      case '/stream/page': {
        const size = Number(url.searchParams.get('size') ?? 100_000);
        return html(
          res,
          `<!doctype html><title>Stream page</title><p>Streams.</p><script>
  const drain = async (u) => { const r = await fetch(u); const rd = r.body.getReader(); let n = 0;
    for (;;) { const { done, value } = await rd.read(); if (done) break; n += value.length; } return n; };
  Promise.allSettled([drain('/stream?size=${size}'), drain('/stream?size=${size}&known=1'), drain('/stream/broken')])
    .then((r) => { document.title = 'streams ' + r.map((x) => x.value ?? x.reason).join(','); });
</script>`,
        );
      }
      case '/stream': {
        const size = Number(url.searchParams.get('size'));
        const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
        if (url.searchParams.get('known')) headers['content-length'] = String(size);
        if (url.searchParams.get('attachment'))
          headers['content-disposition'] = 'attachment; filename="data.bin"';
        res.writeHead(200, headers);
        return sendStream(res, size);
      }
      case '/stream/broken':
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': '60000',
        });
        return sendStream(res, 60_000, 15_000);
      case '/stream/doc': {
        // A large text document (a navigation), streamed after the commit.
        const size = Number(url.searchParams.get('size'));
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(size) });
        return res.end(Buffer.alloc(size, 'a'));
      }
      case '/stream/gzip-js': {
        const size = Number(url.searchParams.get('size'));
        const body = gzipSync(Buffer.from(`// ${'x'.repeat(size)}\n`));
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-encoding': 'gzip',
          'content-length': String(body.length),
        });
        return res.end(body);
      }
      case '/stream/gzip-page': {
        const size = Number(url.searchParams.get('size'));
        return html(
          res,
          `<!doctype html><title>gzip</title><script>fetch('/stream/gzip-js?size=${size}').then((r) => r.text()).then((t) => { document.title = 'gzip ' + t.length; });</script>`,
        );
      }
      case '/doc.pdf':
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': String(PDF.length),
        });
        return res.end(PDF);

      // --- lifecycle ----------------------------------------------------------------------
      case '/busy/page':
        return html(
          res,
          `<!doctype html><title>Busy</title><p>Never idle.</p><script>let n = 0; setInterval(() => fetch('/busy/tick?' + n++), 300);</script>`,
        );
      case '/busy/tick':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('tick');
      case '/scroll/page': {
        const blocks = [1, 2, 3]
          .map(
            (n) =>
              `<div style="height:1500px">Block ${n}</div><div class="lazy" data-n="${n}">Lazy ${n}</div>`,
          )
          .join('');
        // ?smooth: CSS smooth scrolling, which would make a script's scrollBy glide.
        const style = url.searchParams.has('smooth')
          ? '<style>html { scroll-behavior: smooth }</style>'
          : '';
        return html(
          res,
          `<!doctype html><title>Scroll page</title>${style}<body style="margin:0"><p>Top of a tall page.</p>${blocks}<script>
  const io = new IntersectionObserver((entries) => { for (const e of entries) if (e.isIntersecting) {
    io.unobserve(e.target); fetch('/scroll/seen?n=' + e.target.dataset.n); } });
  document.querySelectorAll('.lazy').forEach((el) => io.observe(el));
</script></body>`,
        );
      }
      case '/dialog/page':
        return html(
          res,
          `<!doctype html><title>Dialogs</title><p>Asks first.</p><script>alert('Hello'); document.title = confirm('Sure?') ? 'yes' : 'no';</script>`,
        );
      case '/scroll/seen':
        res.writeHead(200, { 'content-type': 'image/png' });
        return res.end(TINY_PNG);
      case '/favicon.ico':
        res.writeHead(404);
        return res.end();
      // --- session: a few pages a person clicks through (tab recording) -----------------
      case '/session/start':
        return html(
          res,
          `<!doctype html><title>Session start</title><h1>Session start</h1>
<button id="more" onclick="fetch('/session/more').then((r) => r.text()).then((t) => { const p = document.createElement('p'); p.id = 'loaded'; p.textContent = t; document.body.append(p); })">Load more</button>
<form method="post" action="/session/search"><input name="q" id="q"><button id="go">Search</button></form>
<a id="to-a" href="/session/a">Page A</a>`,
        );
      case '/session/more':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('More item, loaded by a click');
      case '/session/search': {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const q = new URLSearchParams(Buffer.concat(chunks).toString()).get('q') ?? '';
          html(
            res,
            `<!doctype html><title>Results for ${q}</title><p>Results for ${q}</p><a id="to-a" href="/session/a">Page A</a>`,
          );
        });
        return;
      }
      case '/session/a':
        return html(
          res,
          `<!doctype html><title>Page A</title><link rel="stylesheet" href="/basic/style.css"><p>Text of page A.</p><a id="to-b" href="/session/b">Page B</a>`,
        );
      case '/session/b':
        return html(res, `<!doctype html><title>Page B</title><p>Text of page B.</p>`);
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };

  const one = http.createServer(handler);
  const two = http.createServer(handler);
  const spare = http.createServer();
  for (const server of [one, two, spare])
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(one.address() as AddressInfo).port}`;
  otherOrigin = `http://localhost:${(two.address() as AddressInfo).port}`;
  closedPort = (spare.address() as AddressInfo).port;
  await new Promise<void>((resolve) => spare.close(() => resolve()));

  return {
    origin,
    otherOrigin,
    closedPort,
    css: CSS,
    binaryPost: BINARY_POST,
    streamSha256(size: number) {
      const hash = createHash('sha256');
      for (let offset = 0; offset < size; offset += 1 << 20)
        hash.update(streamBytes(offset, Math.min(1 << 20, size - offset)));
      return hash.digest('hex');
    },
    async close() {
      for (const server of [one, two]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
