// @ts-check
// The small HTTP engine under both test servers: it reads the body, logs the request, applies
// injected faults, runs the server's handler and writes its reply. Handlers return a Reply
// value instead of writing to the socket, so a "lose-response" fault can run the handler (the
// server's state changes) and then cut the connection instead of answering.
import { once } from 'node:events';
import http from 'node:http';
import { parseBody } from './body.js';

/**
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string | string[]>} [headers]
 * @property {unknown} [json] Serialised as JSON (Content-Type application/json) unless `body`.
 * @property {string | Buffer} [body]
 */

/**
 * @typedef {object} ServerRequest
 * @property {string} method
 * @property {URL} url
 * @property {string} path url.pathname
 * @property {Record<string, string>} query Last value of each query parameter.
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} rawBody
 * @property {import('./body.js').ParsedBody} body
 */

/**
 * @typedef {object} RequestLogEntry
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {Buffer} body Raw request body.
 * @property {number | undefined} status Status answered; undefined while pending or if none.
 * @property {import('./faults.js').FaultKind | undefined} fault The injected fault, if any.
 * @property {number} at Date.now() when the request arrived.
 */

/** What a proxy in front of the server answers when it breaks: nginx's stock pages. */
const PROXY_PAGES = /** @type {Record<number, string>} */ ({
  200: '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We&rsquo;ll be back soon</h1><p>The site is down for maintenance.</p></body></html>\n',
  502: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  504: '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
});

/**
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {string} method
 */
function send(res, reply, method) {
  /** @type {Record<string, string | string[]>} */
  const headers = { ...reply.headers };
  let body = reply.body;
  if (body === undefined && reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
  }
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  if (reply.status !== 204 && reply.status !== 304)
    headers['Content-Length'] = String(bytes.length);
  res.writeHead(reply.status, headers);
  res.end(method === 'HEAD' || reply.status === 204 ? undefined : bytes);
}

/**
 * The reply an injected fault stands for (undefined for faults that send nothing).
 * @param {import('./faults.js').FaultRule} fault
 * @param {string} path
 * @returns {Reply | undefined}
 */
function faultReply(fault, path) {
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 500;
      /** @type {Record<string, string>} */
      const headers = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      const detail =
        status === 429
          ? `Request was throttled.${fault.retryAfter !== undefined ? ` Expected available in ${fault.retryAfter} seconds.` : ''}`
          : `Injected ${status} error.`;
      return { status, headers, json: fault.body ?? { detail } };
    }
    case 'html': {
      const status = fault.status ?? 502;
      return {
        status,
        headers: { 'Content-Type': 'text/html' },
        body: PROXY_PAGES[status] ?? PROXY_PAGES[502],
      };
    }
    case 'redirect':
      return {
        status: fault.status ?? 302,
        headers: {
          Location: fault.location ?? `/accounts/login/?next=${encodeURIComponent(path)}`,
          'Content-Type': 'text/html; charset=utf-8',
        },
        body: '',
      };
    default:
      return undefined;
  }
}

/**
 * @typedef {object} CoreServer
 * @property {string} origin
 * @property {number} port
 * @property {RequestLogEntry[]} log
 * @property {() => Promise<void>} close
 */

/**
 * Starts an HTTP server on 127.0.0.1 that hands each request to `handle`.
 * @param {object} options
 * @param {(req: ServerRequest) => Promise<Reply> | Reply} options.handle
 * @param {import('./faults.js').Faults} options.faults
 * @param {number} [options.port]
 * @param {string} [options.host]
 * @returns {Promise<CoreServer>}
 */
export async function startCoreServer({ handle, faults, port = 0, host = '127.0.0.1' }) {
  /** @type {RequestLogEntry[]} */
  const log = [];
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set();
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  /** @param {number} ms */
  const sleep = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(undefined);
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer(async (req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    try {
      for await (const chunk of req) chunks.push(chunk);
    } catch {
      return; // the client went away mid-body
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const rawBody = Buffer.concat(chunks);
    /** @type {Record<string, string>} */
    const query = {};
    for (const [name, value] of url.searchParams) query[name] = value;
    /** @type {RequestLogEntry} */
    const entry = {
      method,
      path: url.pathname,
      query,
      headers: req.headers,
      body: rawBody,
      status: undefined,
      fault: undefined,
      at: Date.now(),
    };
    log.push(entry);

    const fault = faults.take(method, url.pathname);
    entry.fault = fault?.kind;
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang') {
      if (fault.delayMs === undefined) return; // closed by the client or by close()
      await sleep(fault.delayMs);
      if (res.destroyed) return;
      entry.status = 504;
      send(
        res,
        { status: 504, headers: { 'Content-Type': 'text/html' }, body: PROXY_PAGES[504] },
        method,
      );
      return;
    }
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 1000);
    const injected = fault ? faultReply(fault, url.pathname) : undefined;
    if (injected && !fault?.afterHandler) {
      entry.status = injected.status;
      send(res, injected, method);
      return;
    }

    const run = async () => {
      try {
        return await handle({
          method,
          url,
          path: url.pathname,
          query,
          headers: req.headers,
          rawBody,
          body: parseBody(req.headers['content-type'], rawBody),
        });
      } catch (error) {
        // A bug in the test server: say so loudly rather than look like a server fault.
        return /** @type {Reply} */ ({
          status: 500,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          body: `Test server error: ${error instanceof Error ? error.stack : String(error)}\n`,
        });
      }
    };
    /** @type {Reply} */
    let reply = await run();
    // The browser resent the request (a reused connection cut before the answer): the server
    // handles it a second time, and the client sees only the second answer.
    if (fault?.kind === 'resend') {
      log.push({ ...entry, at: Date.now() });
      reply = await run();
    }
    if (injected) reply = injected; // afterHandler: the work is done, the answer is an error
    if (
      fault?.kind === 'lose-response' ||
      (fault?.kind === 'resend' && fault.lose) ||
      res.destroyed
    ) {
      req.socket.destroy();
      return;
    }
    entry.status = reply.status;
    send(res, reply, method);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test server has no TCP address');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    origin: `http://${hostPart}:${address.port}`,
    port: address.port,
    log,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
