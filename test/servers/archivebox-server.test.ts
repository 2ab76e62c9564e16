// The ArchiveBox test server follows server-apis.md Part B (B1-B5, B7, B10) in each version
// mode; where the doc and a real 0.8.5rc51 disagree, the 0.8 mode copies the real server
// (real-archivebox.test.ts pins those points against it).
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startArchiveBoxServer,
  type ArchiveBoxServer,
  type AbVersion,
} from './archivebox-server.js';

let ab: ArchiveBoxServer;
const servers: ArchiveBoxServer[] = [];
async function start(
  version: AbVersion,
  options: Parameters<typeof startArchiveBoxServer>[0] = {},
) {
  ab = await startArchiveBoxServer({ version, ...options });
  servers.push(ab);
  return ab;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const auth = () => ({ Authorization: `Bearer ${ab.token}`, 'Content-Type': 'application/json' });
async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${ab.apiBase}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { response, status: response.status, body };
}
const post = (path: string, body: unknown, headers: Record<string, string> = auth()) =>
  call(path, { method: 'POST', headers, body: JSON.stringify(body) });

describe.each(['0.8', '0.9', '0.9-uploads'] as const)('B3 auth matrix (%s)', (version) => {
  it('B3: header, bearer and query tokens; Basic only in 0.8; 401 {detail: Unauthorized}', async () => {
    await start(version);
    const basic = `Basic ${Buffer.from(`${ab.username}:${ab.password}`).toString('base64')}`;
    const ways: [string, RequestInit, string][] = [
      ['', { headers: { 'x-archivebox-api-key': ab.token } }, 'HeaderTokenAuth'],
      ['', { headers: { Authorization: `Bearer ${ab.token}` } }, 'BearerTokenAuth'],
      [`?api_key=${ab.token}`, {}, 'QueryParamTokenAuth'],
    ];
    for (const [query, init, method] of ways) {
      const { status, response } = await call(`/core/snapshots${query}`, init);
      expect(status, method).toBe(200);
      expect(response.headers.get('x-archivebox-auth-method')).toBe(method);
      expect(response.headers.get('x-archivebox-auth-user-username')).toBe(ab.username);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Date.parse(response.headers.get('x-archivebox-auth-expires')!)).toBeGreaterThan(
        Date.now() + 29 * 86_400_000,
      );
    }
    const viaBasic = await call('/core/snapshots', { headers: { Authorization: basic } });
    expect(viaBasic.status).toBe(version === '0.8' ? 200 : 401);
    const refused: Record<string, string>[] = [
      {},
      { 'X-API-Key': ab.token },
      { Authorization: 'Bearer wrong' },
      { 'X-ArchiveBox-API-Key': 'null' },
    ];
    for (const headers of refused) {
      const { status, body } = await call('/core/snapshots', { headers });
      expect(status).toBe(401);
      expect(body).toEqual({ detail: 'Unauthorized' });
    }
  });

  it('B3: superuser-only 403 with the version wording; expired tokens are invalid', async () => {
    await start(version);
    const bob = ab.addUser({ username: 'bob', password: 'pw', isSuperuser: false });
    const bobToken = ab.addToken(bob.id);
    const { status, body } = await call('/core/snapshots', {
      headers: { Authorization: `Bearer ${bobToken}` },
    });
    expect(status).toBe(403);
    expect(body.detail).toBe(
      `${version === '0.8' ? 'Valid API token' : 'Valid credentials'} but User does not have permission (make sure user.is_superuser=True)`,
    );
    const expired = ab.addToken(1 + 1, { expires: Date.now() - 1000 });
    expect(
      (await call('/core/snapshots', { headers: { Authorization: `Bearer ${expired}` } })).status,
    ).toBe(401);
    const never = ab.addToken(2, { expires: null });
    const ok = await call('/core/snapshots', { headers: { Authorization: `Bearer ${never}` } });
    expect(ok.status).toBe(200);
    expect(ok.response.headers.get('x-archivebox-auth-expires')).toBe('Never');
  });

  it('B3: get_api_token and check_api_token are 200 even when they fail', async () => {
    await start(version);
    const good = await post(
      '/auth/get_api_token',
      { username: ab.username, password: ab.password },
      {},
    );
    expect(good.status).toBe(200);
    expect(good.body.token).toBe(ab.token);
    if (version === '0.8')
      expect(good.body).toMatchObject({ TYPE: 'APIToken', created_by_id: '2' });
    else expect(good.body).toMatchObject({ success: true, user_id: '2', username: ab.username });
    const bad = await post('/auth/get_api_token', { username: ab.username, password: 'nope' }, {});
    expect([bad.status, bad.body]).toEqual([
      200,
      { success: false, errors: ['Invalid credentials'] },
    ]);
    ab.addUser({ username: 'bob', password: 'pw', isSuperuser: false });
    expect(
      (await post('/auth/get_api_token', { username: 'bob', password: 'pw' }, {})).body.success,
    ).toBe(false);
    expect((await post('/auth/check_api_token', { token: ab.token }, {})).body).toEqual({
      success: true,
      user_id: '2',
    });
    expect((await post('/auth/check_api_token', { token: 'f'.repeat(32) }, {})).body).toEqual({
      success: false,
      user_id: null,
    });
    expect((await post('/auth/get_api_token', { username: 'x' }, {})).status).toBe(422);
  });
});

describe('B5a 0.8', () => {
  it('B5a: cli/add holds the request, writes the index first, adds comma tags; re-add adds only tags', async () => {
    await start('0.8', { addDelayMs: 300, pageTitle: () => 'Found title' });
    const started = Date.now();
    const pending = post('/cli/add', {
      urls: ['https://example.com/a'],
      tag: 'one, two words',
      depth: 0,
      unknown: 1,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect([...ab.state.snapshots.values()].map((s) => s.url)).toEqual(['https://example.com/a']);
    const { status, body } = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, errors: [], stdout: '', stderr: '' });
    expect(body.result).toEqual([
      expect.objectContaining({
        url: 'https://example.com/a',
        schema: 'Link',
        title: null,
        tags: null,
      }),
    ]);
    const again = await post('/cli/add', { urls: ['https://example.com/a'], tag: 'three' });
    expect(again.body.result).toEqual([]);
    const list = await call('/core/snapshots', { headers: auth() });
    expect(list.body).toMatchObject({
      total_items: 1,
      total_pages: 1,
      page: 0,
      limit: 200,
      offset: 0,
      num_items: 1,
    });
    expect(list.body).not.toHaveProperty('count');
    expect(list.body.items[0]).toMatchObject({
      TYPE: 'core.models.Snapshot',
      url: 'https://example.com/a',
      title: 'Found title',
      tags: ['one', 'two words', 'three'],
      created_by_username: 'system',
    });
    expect(list.body.items[0].abid).toMatch(/^snp_/);
  });

  it('B5a/B8: a client that times out on the long 0.8 cli/add has still added the URL', async () => {
    await start('0.8', { addDelayMs: 5000 });
    await expect(
      fetch(`${ab.apiBase}/cli/add`, {
        method: 'POST',
        headers: auth(),
        body: JSON.stringify({ urls: ['https://example.com/slow'], tag: 'x' }),
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow(/timeout|aborted/i);
    const found = await call(
      `/core/snapshots?url=${encodeURIComponent('https://example.com/slow')}`,
      { headers: auth() },
    );
    expect(found.body.total_items).toBe(1);
    expect(found.body.items[0].tags).toEqual(['x']);
  });

  it('B4/B5a: 422 for wrong types, 503 with a traceback for depth 2, 404 generic body, 405 and HTML 404', async () => {
    await start('0.8');
    const wrong = await post('/cli/add', { urls: 'https://example.com/' });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toEqual({
      detail: [
        { type: 'list_type', loc: ['body', 'args', 'urls'], msg: 'Input should be a valid list' },
      ],
    });
    expect((await post('/cli/add', {})).body.detail[0]).toMatchObject({
      type: 'missing',
      loc: ['body', 'args', 'urls'],
    });
    expect(
      (await post('/cli/add', { urls: ['https://example.com/'], depth: 'deep' })).body.detail[0]
        .loc,
    ).toEqual(['body', 'args', 'depth']);
    const deep = await post('/cli/add', { urls: ['https://example.com/'], depth: 2 });
    expect(deep.status).toBe(503);
    expect(deep.body).toMatchObject({
      succeeded: false,
      message: 'AssertionError: Depth must be 0 or 1 (depth >1 is not supported yet)',
    });
    expect(deep.body.errors[0]).toMatch(/^Traceback \(most recent call last\):/);
    const missing = await call('/core/snapshot/nothing', { headers: auth() });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ succeeded: false, message: 'DoesNotExist: ' });
    const method = await call('/core/snapshots', { method: 'DELETE', headers: auth() });
    expect([method.status, method.body]).toEqual([405, 'Method not allowed']);
    const unknown = await call('/core/nothing', { headers: auth() });
    expect(unknown.status).toBe(404);
    expect(unknown.response.headers.get('content-type')).toMatch(/^text\/html/);
    // 0.8 has no core writes.
    expect((await post('/core/snapshots', { url: 'https://example.com/' })).status).toBe(405);
  });

  it('B5a: snapshot lookup by id prefix, abid or timestamp; ambiguous prefixes are a 503', async () => {
    await start('0.8');
    await post('/cli/add', { urls: ['https://example.com/1', 'https://example.com/2'], tag: 'x' });
    const [a, b] = [...ab.state.snapshots.values()];
    for (const key of [a!.id.slice(0, 8), a!.abid, a!.timestamp]) {
      expect((await call(`/core/snapshot/${key}`, { headers: auth() })).body.id, key).toBe(a!.id);
    }
    const full = await call(`/core/snapshot/${a!.id}`, { headers: auth() });
    expect(full.body.archiveresults).toEqual([]);
    const shared = a!.timestamp.slice(0, 5);
    expect(b!.timestamp.startsWith(shared)).toBe(true);
    const ambiguous = await call(`/core/snapshot/${shared}`, { headers: auth() });
    expect(ambiguous.status).toBe(503);
    expect(ambiguous.body.message).toMatch(/^MultipleObjectsReturned/);
  });

  it('B4: pagination caps limit at 500; page is used only when offset is 0; filters', async () => {
    await start('0.8');
    const urls = Array.from({ length: 7 }, (_, i) => `https://example.com/${i}`);
    await post('/cli/add', { urls, tag: 'bulk' });
    await post('/cli/add', { urls: ['https://other.example/x'], tag: 'solo' });
    expect((await call('/core/snapshots?limit=1000', { headers: auth() })).body.limit).toBe(500);
    // page is reported as ceil(offset / (limit + 1)), like the real one (limit 2, page 3 → page 2).
    expect((await call('/core/snapshots?limit=2&page=3', { headers: auth() })).body).toMatchObject({
      offset: 6,
      page: 2,
    });
    expect(
      (await call('/core/snapshots?limit=ten', { headers: auth() })).body.detail[0].loc,
    ).toEqual(['query', 'limit']);
    expect((await call('/core/snapshots?limit=0', { headers: auth() })).status).toBe(503);
    const p = (await call('/core/snapshots?limit=3&page=2', { headers: auth() })).body;
    expect(p).toMatchObject({ offset: 6, num_items: 2, total_items: 8, total_pages: 3, page: 2 });
    expect(
      (await call('/core/snapshots?limit=3&offset=1&page=2', { headers: auth() })).body.offset,
    ).toBe(1);
    expect(
      (await call('/core/snapshots?tag=solo', { headers: auth() })).body.items.map(
        (s: { url: string }) => s.url,
      ),
    ).toEqual(['https://other.example/x']);
    expect(
      (
        await call(`/core/snapshots?url=${encodeURIComponent('https://example.com/3')}`, {
          headers: auth(),
        })
      ).body.total_items,
    ).toBe(1);
    expect((await call('/core/snapshots?search=other', { headers: auth() })).body.total_items).toBe(
      1,
    );
    const tags = await call('/core/tags', { headers: auth() });
    expect(
      tags.body.items.map((t: { name: string; num_snapshots: number }) => [
        t.name,
        t.num_snapshots,
      ]),
    ).toEqual([
      ['bulk', 7],
      ['solo', 1],
    ]);
  });

  it('B5a: cli/list, cli/update and cli/remove fail like a real 0.8.5rc51 (503s); remove still deletes', async () => {
    await start('0.8');
    await post('/cli/add', { urls: ['https://example.com/a', 'https://example.com/b'] });
    const listed = await post('/cli/list', {
      filter_patterns: ['https://example.com/a'],
      as_json: true,
    });
    expect([listed.status, listed.body.message]).toEqual([
      503,
      "AttributeError: 'benedict' object has no attribute 'to_dict'",
    ]);
    const text = await post('/cli/list', {
      filter_patterns: ['https://example.com/a'],
      as_csv: true,
    });
    expect(text.status).toBe(503);
    const update = await post('/cli/update', { filter_patterns: ['https://nothing.example/'] });
    expect([update.status, update.body.message]).toEqual([
      503,
      'TypeError: Object of type Snapshot is not JSON serializable',
    ]);
    // Error responses carry none of the X-ArchiveBox-* headers.
    expect(update.response.headers.get('x-archivebox-auth-method')).toBeNull();
    const removed = await post('/cli/remove', {
      filter_patterns: ['https://example.com/a'],
      delete: true,
    });
    expect(removed.status).toBe(503);
    expect(removed.body.message).toBe(
      'TypeError: Object of type Snapshot is not JSON serializable',
    );
    expect([...ab.state.snapshots.values()].map((s) => s.url)).toEqual(['https://example.com/b']);
    // The dangerous default filter_patterns is ["https://example.com"] (exact): matches nothing here.
    expect((await post('/cli/remove', {})).body.result).toEqual([]);
  });

  it('B2: 0.8 sends no CORS headers and refuses preflights; /api/ redirects to the docs', async () => {
    await start('0.8');
    const preflight = await call('/cli/add', {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.response.headers.get('access-control-allow-origin')).toBeNull();
    const api = await fetch(`${ab.origin}/api/`, { redirect: 'manual' });
    expect([api.status, api.headers.get('location')]).toEqual([302, '/api/v1']);
    const v1 = await fetch(`${ab.origin}/api/v1`, { redirect: 'manual' });
    expect([v1.status, v1.headers.get('location')]).toEqual([302, '/api/v1/docs']);
    expect((await fetch(`${ab.origin}/api/`)).status).toBe(200);
  });
});

describe('B5b 0.9', () => {
  it('B5b: cli/add queues a crawl and returns ids at once; status queued → started → sealed', async () => {
    await start('0.9', {
      progress: { queuedMs: 1000, startedMs: 1000 },
      pageTitle: (url) => `T ${url}`,
    });
    const { body } = await post('/cli/add', {
      urls: ['https://example.com/a', 'not a url'],
      tag: 'a,b',
    });
    expect(body).toMatchObject({
      success: true,
      errors: [],
      result_format: 'json',
      result: { num_snapshots: 1, queued_urls: ['https://example.com/a'] },
    });
    const id = body.result.snapshot_ids[0];
    const get = async () => (await call(`/core/snapshot/${id}`, { headers: auth() })).body;
    expect(await get()).toMatchObject({
      status: 'queued',
      crawl_id: body.result.crawl_id,
      tags: ['a', 'b'],
      num_archiveresults: 0,
    });
    ab.clock.advance(1000);
    expect((await get()).status).toBe('started');
    ab.clock.advance(1000);
    const sealed = await get();
    expect(sealed).toMatchObject({
      status: 'sealed',
      title: 'T https://example.com/a',
      num_archiveresults: 1,
    });
    expect(sealed.archiveresults[0]).toMatchObject({
      plugin: 'title',
      status: 'succeeded',
      output_str: 'T https://example.com/a',
    });
    expect((await call('/core/snapshots?status=sealed', { headers: auth() })).body).toMatchObject({
      total_items: 1,
      count: 1,
    });
    expect(
      (await post('/cli/add', { urls: ['https://example.com/'], depth: 5 })).body.message,
    ).toBe('ValueError: Depth must be 0-4');
  });

  it('B7: re-adding reuses the snapshot (only_new) in dev; newest only_new:false makes a second one', async () => {
    await start('0.9-uploads');
    const first = await post('/cli/add', { urls: ['https://example.com/'] });
    const again = await post('/cli/add', { urls: ['https://example.com/'] });
    expect(again.body.result.snapshot_ids).toEqual(first.body.result.snapshot_ids);
    const dup = await post('/cli/add', { urls: ['https://example.com/'], only_new: false });
    expect(dup.body.result.snapshot_ids[0]).not.toBe(first.body.result.snapshot_ids[0]);
    expect(ab.state.snapshots.size).toBe(2);
    const invalid = await post('/cli/add', { urls: ['nope', 'also nope'] });
    expect([invalid.status, invalid.body]).toEqual([
      400,
      { detail: 'No valid URLs were submitted' },
    ]);
  });

  it('B5b/B7: POST core/snapshots is idempotent per (url, crawl) and takes tag arrays; PATCH, DELETE', async () => {
    await start('0.9', { progress: { manual: true } });
    const made = await post('/core/snapshots', {
      url: 'https://example.com/',
      title: 'One',
      tags: ['x', 'y z'],
    });
    expect(made.status).toBe(200);
    const crawlId = made.body.crawl_id;
    const same = await post('/core/snapshots', {
      url: 'https://example.com/',
      crawl_id: crawlId,
      title: 'Two',
      tags: ['w'],
    });
    expect(same.body).toMatchObject({ id: made.body.id, title: 'Two', tags: ['x', 'y z', 'w'] });
    expect((await post('/core/snapshots', { url: '' })).body).toEqual({
      detail: 'URL is required',
    });
    expect(
      (await post('/core/snapshots', { url: 'https://e.example/', status: 'done' })).status,
    ).toBe(400);
    expect((await post('/core/snapshots', { url: 'https://e.example/', tags: 'a,b' })).status).toBe(
      422,
    );
    const patched = await call(`/core/snapshot/${made.body.id}`, {
      method: 'PATCH',
      headers: auth(),
      body: JSON.stringify({ tags: ['only'], status: 'sealed' }),
    });
    expect(patched.body).toMatchObject({ tags: ['only'], status: 'sealed' });
    const deleted = await call(`/core/snapshot/${made.body.id}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(deleted.body).toMatchObject({
      success: true,
      snapshot_id: made.body.id,
      deleted_count: 1,
    });
    expect((await call(`/core/snapshot/${made.body.id}`, { headers: auth() })).status).toBe(404);
  });

  it('B5b: tag endpoints, cli/search instead of cli/list, crawls', async () => {
    await start('0.9');
    const snap = (await post('/core/snapshots', { url: 'https://example.com/' })).body;
    const created = await post('/core/tags/create/', { name: 'Research' });
    expect(created.body).toMatchObject({ success: true, tag_name: 'Research', created: true });
    expect(
      (await post('/core/tags/add-to-snapshot/', { snapshot_id: snap.id, tag_name: 'Law' })).body
        .tag_name,
    ).toBe('Law');
    expect((await call(`/core/snapshot/${snap.id}`, { headers: auth() })).body.tags).toEqual([
      'Law',
    ]);
    expect(
      (await post('/core/tags/remove-from-snapshot/', { snapshot_id: snap.id, tag_name: 'law' }))
        .body.success,
    ).toBe(true);
    expect((await post('/core/tags/add-to-snapshot/', { snapshot_id: snap.id })).status).toBe(400);
    const renamed = await post(`/core/tag/${created.body.tag_id}/rename`, { name: 'Studies' });
    expect(renamed.body.tag_name).toBe('Studies');
    expect(
      (await call(`/core/tag/${created.body.tag_id}`, { method: 'DELETE', headers: auth() })).body,
    ).toMatchObject({ success: true });
    expect((await post('/cli/list', {})).status).toBe(404);
    const search = await post('/cli/search', {
      filter_patterns: ['example.com'],
      filter_type: 'substring',
      as_json: true,
    });
    expect(search.body.result.map((s: { id: string }) => s.id)).toEqual([snap.id]);
    const crawls = await call('/crawls/crawls', { headers: auth() });
    expect(crawls.body.items[0]).toMatchObject({ id: snap.crawl_id, urls: 'https://example.com/' });
    const removed = await post('/cli/remove', { filter_patterns: ['https://example.com/'] });
    expect(removed.body.result).toMatchObject({
      removed_count: 1,
      removed_snapshot_ids: [snap.id],
    });
  });

  it('B2: 0.9 CORS headers on responses and 204 preflights', async () => {
    await start('0.9');
    const preflight = await call('/cli/add', {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.response.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, X-ArchiveBox-API-Key, Content-Type, X-CSRFToken',
    );
    expect(preflight.response.headers.get('access-control-max-age')).toBe('600');
    const list = await call('/core/snapshots', { headers: auth() });
    expect(list.response.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PUT, PATCH, DELETE, OPTIONS',
    );
  });

  it('B2: subdomain routing answers 302 to the web host; noadmin mode blocks the API', async () => {
    await start('0.9', { securityMode: 'safe-subdomains-fullreplay' });
    const redirected = await fetch(`${ab.apiBase}/cli/add`, {
      method: 'POST',
      headers: auth(),
      body: '{"urls":[]}',
      redirect: 'manual',
    });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('location')).toBe(
      `http://web.archivebox.localhost:${new URL(ab.origin).port}/api/v1/cli/add`,
    );
    const viaApiHost = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${ab.apiBase}/core/snapshots`,
        { headers: { ...auth(), Host: `api.archivebox.localhost:${new URL(ab.origin).port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(viaApiHost).toBe(200);
    await start('0.9', { securityMode: 'unsafe-onedomain-noadmin' });
    const blocked = await call('/core/snapshots', { headers: auth() });
    expect([blocked.status, blocked.body]).toEqual([403, 'control plane disabled']);
  });
});

describe('B1/B8 feature detection', () => {
  it('B1: openapi.json lists exactly the routes of each version', async () => {
    const pathsOf = async (version: AbVersion) => {
      const s = await start(version);
      const schema = await (await fetch(`${s.apiBase}/openapi.json`)).json();
      return schema.paths as Record<string, Record<string, unknown>>;
    };
    const v08 = await pathsOf('0.8');
    expect(v08).toHaveProperty(['/api/v1/cli/list']);
    expect(v08).not.toHaveProperty(['/api/v1/cli/search']);
    expect(Object.keys(v08['/api/v1/core/snapshots']!)).toEqual(['get']);
    const v09 = await pathsOf('0.9');
    expect(v09).toHaveProperty(['/api/v1/cli/search']);
    expect(Object.keys(v09['/api/v1/core/snapshots']!)).toEqual(['get', 'post']);
    expect(Object.keys(v09['/api/v1/core/archiveresults']!)).toEqual(['get']);
    const newest = await pathsOf('0.9-uploads');
    expect(Object.keys(newest['/api/v1/core/archiveresults']!)).toEqual(['get', 'post']);
    expect(Object.keys(newest['/api/v1/core/archiveresult/{id}']!)).toEqual(['get', 'patch']);
  });
});
