// Fault injection (faults.js) on both test servers: every fault kind, rule matching and
// counting, and the seeded failure rate's determinism.
import { afterEach, describe, expect, it } from 'vitest';
import { startArchiveBoxServer } from './archivebox-server.js';
import { createFaults, seededRandom } from './faults.js';
import { startPermaServer, type PermaServer } from './perma-server.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function perma(options: Parameters<typeof startPermaServer>[0] = {}) {
  const server = await startPermaServer(options);
  closers.push(() => server.close());
  return server;
}
const createArchive = (p: PermaServer, url = 'https://example.com/', init: RequestInit = {}) =>
  fetch(`${p.apiBase}/archives/`, {
    method: 'POST',
    headers: { Authorization: `ApiKey ${p.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url }),
    redirect: 'manual',
    ...init,
  });

describe('fault kinds', () => {
  it('drop: the connection closes before any response, and the handler never runs', async () => {
    const p = await perma();
    p.faults.add({ kind: 'drop', method: 'POST', path: '/v1/archives/' });
    await expect(createArchive(p)).rejects.toThrow(/fetch failed/);
    expect(p.state.archives.size).toBe(0);
    expect((await createArchive(p)).status).toBe(201);
    expect(p.requests.map((r) => r.fault)).toEqual(['drop', undefined]);
  });

  it('lose-response: the server creates the archive but the client gets no answer', async () => {
    const p = await perma();
    p.faults.add({ kind: 'lose-response', path: /^\/v1\/archives\/?$/ });
    await expect(createArchive(p, 'https://lost.example/')).rejects.toThrow(/fetch failed/);
    expect([...p.state.archives.values()].map((a) => a.url)).toEqual(['https://lost.example/']);
    expect(p.requests[0]).toMatchObject({ fault: 'lose-response', status: undefined });
  });

  it('hang: no answer until the client gives up; with delayMs a proxy 504 comes instead', async () => {
    const p = await perma();
    p.faults.add({ kind: 'hang', path: '/v1/user' });
    await expect(
      fetch(`${p.apiBase}/user/`, {
        headers: { Authorization: `ApiKey ${p.apiKey}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow(/timeout|aborted/i);
    p.faults.add({ kind: 'hang', path: '/v1/user', delayMs: 50 });
    const late = await fetch(`${p.apiBase}/user`, {
      headers: { Authorization: `ApiKey ${p.apiKey}` },
    });
    expect(late.status).toBe(504);
    expect(await late.text()).toContain('504 Gateway Time-out');
  });

  it('status: 429 with Retry-After, 500 and 503 with JSON bodies, for the next N requests', async () => {
    const p = await perma();
    p.faults.next(2, { kind: 'status', status: 429, retryAfter: 7 });
    p.faults.add({ kind: 'status', status: 500 });
    p.faults.add({ kind: 'status', status: 503, body: { detail: 'Down for maintenance' } });
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push(await createArchive(p));
    expect(statuses.map((r) => r.status)).toEqual([429, 429, 500, 503, 201]);
    expect(statuses[0]!.headers.get('retry-after')).toBe('7');
    expect(await statuses[0]!.json()).toEqual({
      detail: 'Request was throttled. Expected available in 7 seconds.',
    });
    expect(await statuses[3]!.json()).toEqual({ detail: 'Down for maintenance' });
    expect(p.state.archives.size).toBe(1);
    expect(p.faults.pending).toBe(0);
  });

  it('html: a proxy page with 200 or 502', async () => {
    const p = await perma();
    p.faults.add({ kind: 'html', status: 200 }).add({ kind: 'html' });
    const ok = await createArchive(p);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html');
    expect(await ok.text()).toMatch(/^<!DOCTYPE html>/);
    const bad = await createArchive(p);
    expect(bad.status).toBe(502);
    expect(await bad.text()).toContain('502 Bad Gateway');
  });

  it('redirect: a 302 on a POST (a login page or wrong host), which fetch would follow as GET', async () => {
    const ab = await startArchiveBoxServer({ version: '0.9' });
    closers.push(() => ab.close());
    ab.faults.add({ kind: 'redirect', method: 'POST', path: '/api/v1/cli/add' });
    const post = (redirect: RequestRedirect) =>
      fetch(`${ab.apiBase}/cli/add`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ab.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ urls: ['https://example.com/'] }),
        redirect,
      });
    const first = await post('manual');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/accounts/login/?next=%2Fapi%2Fv1%2Fcli%2Fadd');
    expect(ab.state.snapshots.size).toBe(0);
    expect((await post('manual')).status).toBe(200);
  });

  it('delay: answers normally after delayMs; skip lets the first matches through', async () => {
    const p = await perma();
    p.faults.add({ kind: 'delay', delayMs: 200, method: 'GET', skip: 1 });
    const get = () =>
      fetch(`${p.apiBase}/user`, { headers: { Authorization: `ApiKey ${p.apiKey}` } });
    let t = Date.now();
    expect((await get()).status).toBe(200);
    expect(Date.now() - t).toBeLessThan(200);
    t = Date.now();
    expect((await get()).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
  });

  it('rules match method and path; Infinity keeps firing until clear()', async () => {
    const p = await perma();
    p.faults.add({
      kind: 'status',
      status: 503,
      method: 'GET',
      path: '/v1/archives',
      times: Infinity,
    });
    const headers = { Authorization: `ApiKey ${p.apiKey}` };
    expect((await fetch(`${p.apiBase}/archives/`, { headers })).status).toBe(503);
    expect((await fetch(`${p.apiBase}/archives`, { headers })).status).toBe(503);
    expect((await fetch(`${p.apiBase}/user`, { headers })).status).toBe(200);
    expect((await createArchive(p)).status).toBe(201);
    p.faults.clear();
    expect((await fetch(`${p.apiBase}/archives/`, { headers })).status).toBe(200);
    expect(p.faults.hits.map((h) => h.path)).toEqual(['/v1/archives/', '/v1/archives']);
  });
});

describe('failureRate', () => {
  it('is deterministic for a seed, and roughly the asked rate', async () => {
    const run = () => {
      const faults = createFaults({ failureRate: { rate: 0.3, seed: 42 } });
      return Array.from(
        { length: 200 },
        (_, i) => faults.take('POST', `/v1/archives/${i}`)?.kind ?? '-',
      );
    };
    const a = run();
    expect(run()).toEqual(a);
    const hit = a.filter((k) => k !== '-').length;
    expect(hit).toBeGreaterThan(40);
    expect(hit).toBeLessThan(80);
    expect(new Set(a.filter((k) => k !== '-'))).toEqual(
      new Set(['drop', 'status', 'lose-response']),
    );
    const other = createFaults({ failureRate: { rate: 0.3, seed: 43 } });
    expect(Array.from({ length: 200 }, () => other.take('POST', '/x')?.kind ?? '-')).not.toEqual(a);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('applies on a server, limited to a path; created archives survive lost responses', async () => {
    const p = await perma({
      failureRate: {
        rate: 0.5,
        seed: 7,
        path: '/v1/archives/',
        kinds: [{ kind: 'lose-response' }, { kind: 'status', status: 500 }],
      },
    });
    let answered = 0;
    for (let i = 0; i < 20; i += 1) {
      try {
        const r = await createArchive(p, `https://example.com/${i}`);
        if (r.status === 201) answered += 1;
      } catch {
        // lost response
      }
    }
    const lost = p.faults.hits.filter((h) => h.kind === 'lose-response').length;
    expect(p.faults.hits.length).toBeGreaterThan(3);
    expect(p.state.archives.size).toBe(answered + lost);
    expect(
      (await fetch(`${p.apiBase}/user`, { headers: { Authorization: `ApiKey ${p.apiKey}` } }))
        .status,
    ).toBe(200);
  });
});
