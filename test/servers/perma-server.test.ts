// The Perma test server follows server-apis.md Part A: transport, auth, folders, organisations
// (A1, A2, A3, A4, A5, A7). Archives, captures, uploads and batches: perma-archives.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from './perma-server.js';

let perma: PermaServer;
beforeEach(async () => {
  perma = await startPermaServer();
});
afterEach(async () => {
  await perma.close();
});

const key = () => ({ Authorization: `ApiKey ${perma.apiKey}` });
const jsonHeaders = () => ({ ...key(), 'Content-Type': 'application/json' });
async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${perma.apiBase}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the assertions
  return { response, status: response.status, body: body as any, text };
}

describe('A1 transport', () => {
  it('A1: the trailing slash is optional on every route, and /api/v1 serves the same', async () => {
    for (const path of ['/user', '/user/', '/folders', '/folders/', '/archives', '/archives/']) {
      expect((await call(path, { headers: key() })).status, path).toBe(200);
    }
    const viaApi = await fetch(`${perma.origin}/api/v1/user`, { headers: key() });
    expect(viaApi.status).toBe(200);
    expect((await viaApi.json()).id).toBe(perma.user.id);
  });

  it('A1: unknown routes answer a plain-text 404, not JSON', async () => {
    for (const path of ['/nothing-here', '/organization/1', '/archives/AAAA-BBBB/extra']) {
      const { status, response, text } = await call(path, { headers: key() });
      expect(status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toBe('Page Not Found');
    }
    expect((await fetch(`${perma.origin}/elsewhere`)).status).toBe(404);
  });

  it('A1: a known route with an unsupported method gives a JSON 405', async () => {
    const { status, body } = await call('/user', { method: 'DELETE', headers: key() });
    expect(status).toBe(405);
    expect(body).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });

  it('A1: Accept text/html gets the browsable HTML API; ?format=json and */* get JSON', async () => {
    const html = await call('/user', {
      headers: { ...key(), Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(html.response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('&#34;top_level_folders&#34;'.replace(/&#34;/g, '"'));
    const forced = await call('/user?format=json', { headers: { ...key(), Accept: 'text/html' } });
    expect(forced.response.headers.get('content-type')).toBe('application/json');
    expect(forced.body.id).toBe(perma.user.id);
    const star = await call('/user', { headers: { ...key(), Accept: '*/*' } });
    expect(star.response.headers.get('content-type')).toBe('application/json');
  });

  it('A1: CORS echoes the Origin on /v1/ paths, without credentials; preflights are 200 even without a key', async () => {
    const { response } = await call('/user', {
      headers: { ...key(), Origin: 'chrome-extension://abcdef' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdef');
    expect(response.headers.get('access-control-allow-headers')).toBe(
      'Authorization, Content-Type',
    );
    expect(response.headers.get('access-control-allow-methods')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const noOrigin = await call('/user', { headers: key() });
    expect(noOrigin.response.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${perma.apiBase}/archives/`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.org', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://example.org');
  });
});

describe('A2 authentication', () => {
  it('A2: the DRF failure table, all 401 with WWW-Authenticate: ApiKey', async () => {
    const inactive = perma.addUser({ active: false });
    const cases: [Record<string, string>, string][] = [
      [{}, 'Authentication credentials were not provided.'],
      [
        { Authorization: `Bearer ${perma.apiKey}` },
        'Authentication credentials were not provided.',
      ],
      [{ Authorization: `ApiKey ${'0'.repeat(40)}` }, 'Invalid token.'],
      [{ Authorization: 'ApiKey' }, 'Invalid token header. No credentials provided.'],
      [
        { Authorization: `ApiKey ${perma.apiKey} extra` },
        'Invalid token header. Token string should not contain spaces.',
      ],
      [{ Authorization: `ApiKey ${inactive.apiKey}` }, 'User inactive or deleted.'],
    ];
    for (const [headers, detail] of cases) {
      const { status, body, response } = await call('/user/', { headers });
      expect(status, detail).toBe(401);
      expect(body).toEqual({ detail });
      expect(response.headers.get('www-authenticate')).toBe('ApiKey');
    }
  });

  it('A2: keys are 40 lowercase hex; the user shape has no email or quota (A3)', async () => {
    expect(perma.apiKey).toMatch(/^[0-9a-f]{40}$/);
    const { body } = await call('/user', { headers: key() });
    expect(Object.keys(body).sort()).toEqual([
      'first_name',
      'full_name',
      'id',
      'last_name',
      'short_name',
      'top_level_folders',
    ]);
    expect(body.top_level_folders[0]).toMatchObject({
      name: 'Personal Links',
      parent: null,
      path: String(perma.user.rootFolderId),
    });
  });

  it('A2: the deprecated api_key (query or form field) takes precedence over the header', async () => {
    const other = perma.addUser({ firstName: 'Other' });
    const viaQuery = await call(`/user?api_key=${other.apiKey}`, { headers: key() });
    expect(viaQuery.body.id).toBe(other.id);
    const badQuery = await call(`/user?api_key=${'f'.repeat(40)}`, { headers: key() });
    expect(badQuery.status).toBe(401);
    expect(badQuery.body).toEqual({ detail: 'Invalid token.' });
    const form = new URLSearchParams({ api_key: other.apiKey, url: 'https://example.com/' });
    const created = await call('/archives/', { method: 'POST', headers: key(), body: form });
    expect(created.status).toBe(201);
    expect(created.body.created_by.id).toBe(other.id);
  });

  it('A2: a session cookie authenticates reads, but a cookie-only POST fails CSRF with 403', async () => {
    const session = perma.addSession(perma.user.id);
    const read = await call('/user', { headers: { Cookie: `sessionid=${session}` } });
    expect(read.body.id).toBe(perma.user.id);
    const write = await call('/archives/', {
      method: 'POST',
      headers: { Cookie: `sessionid=${session}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.com/' }),
    });
    expect(write.status).toBe(403);
    expect(write.body.detail).toMatch(/^CSRF Failed: /);
    const withKey = await call('/archives/', {
      method: 'POST',
      headers: { ...jsonHeaders(), Cookie: `sessionid=${session}` },
      body: JSON.stringify({ url: 'https://example.com/' }),
    });
    expect(withKey.status).toBe(201);
  });

  it('A2: public routes need no key, but a bad key still gives 401', async () => {
    expect((await call('/public/archives/')).status).toBe(200);
    const bad = await call('/public/archives/', {
      headers: { Authorization: `ApiKey ${'1'.repeat(40)}` },
    });
    expect(bad.status).toBe(401);
  });
});

describe('A3/A4/A5 folders and organisations', () => {
  it('A5: create children under a parent, list them by name, paths and has_children', async () => {
    const root = perma.user.rootFolderId;
    const made = await call(`/folders/${root}/folders/`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ name: 'Research' }),
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'Research',
      parent: root,
      path: `${root}-${made.body.id}`,
      has_children: false,
      organization: null,
      read_only: false,
      is_sponsored_root_folder: false,
      sponsored_by: null,
    });
    const law = await call(`/folders/${made.body.id}/folders`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ name: 'Law' }),
    });
    expect(law.body.path).toBe(`${root}-${made.body.id}-${law.body.id}`);
    await call(`/folders/${root}/folders/`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ name: 'Art' }),
    });
    const children = await call(`/folders/${root}/folders?limit=300`, { headers: key() });
    expect(children.body.objects.map((f: { name: string }) => f.name)).toEqual(['Art', 'Research']);
    expect(children.body.objects[1].has_children).toBe(true);
    const top = await call('/folders/', { headers: key() });
    expect(top.body.objects[0]).toMatchObject({ id: root, has_children: true });
  });

  it('A5: folder validation errors', async () => {
    const root = perma.user.rootFolderId;
    const post = (path: string, body: unknown) =>
      call(path, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });
    expect((await post(`/folders/${root}/folders/`, { name: '' })).body).toEqual({
      name: ['This field may not be blank.'],
    });
    await post(`/folders/${root}/folders/`, { name: 'Same' });
    expect((await post(`/folders/${root}/folders/`, { name: 'Same' })).body).toEqual({
      name: ['A folder with that name already exists at that location.'],
    });
    expect((await post('/folders/', { name: 'X' })).body).toEqual({
      parent: ['This field is required.'],
    });
    expect((await post('/folders/', { name: 'Y', parent: root })).status).toBe(201);
    expect((await post('/folders/99999/folders/', { name: 'Z' })).body).toEqual({
      detail: 'Not found.',
    });
    const stranger = perma.addUser();
    const forbidden = await post(`/folders/${stranger.rootFolderId}/folders/`, { name: 'Z' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      detail: 'You do not have permission to perform this action.',
    });
  });

  it('A5/A7: rename, top-level rules, other fields, PUT on the flat route', async () => {
    const root = perma.user.rootFolderId;
    const child = perma.addFolder(root, 'Old');
    const patch = (id: number, body: unknown) =>
      call(`/folders/${id}/`, {
        method: 'PATCH',
        headers: jsonHeaders(),
        body: JSON.stringify(body),
      });
    expect((await patch(child.id, { name: 'New' })).body.name).toBe('New');
    expect((await patch(root, { name: 'Mine' })).body).toEqual({
      name: ['Top-level folders cannot be renamed.'],
    });
    const list = await patch(child.id, { organization: 3 });
    expect(list.status).toBe(400);
    expect(list.body).toEqual(['Only updates on these fields are allowed: name, parent']);
    const put = await call(`/folders/${child.id}/`, { method: 'PUT', headers: key() });
    expect(put.body).toEqual({ error: ['PUT is only valid for nested folder endpoints.'] });
  });

  it('A5: move a folder with the nested PUT; subtree paths follow; cycles and roots refused', async () => {
    const root = perma.user.rootFolderId;
    const a = perma.addFolder(root, 'A');
    const b = perma.addFolder(root, 'B');
    const c = perma.addFolder(a.id, 'C');
    const moved = await call(`/folders/${b.id}/folders/${a.id}/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: a.id, parent: b.id, path: `${root}-${b.id}-${a.id}` });
    expect((await call(`/folders/${c.id}`, { headers: key() })).body.path).toBe(
      `${root}-${b.id}-${a.id}-${c.id}`,
    );
    expect(
      (await call(`/folders/${a.id}/folders/${a.id}/`, { method: 'PUT', headers: key() })).body,
    ).toEqual({ parent: ['A node may not be made a child of itself.'] });
    expect(
      (await call(`/folders/${c.id}/folders/${b.id}/`, { method: 'PUT', headers: key() })).body,
    ).toEqual({ parent: ['A node may not be made a child of any of its descendants.'] });
    const org = perma.addOrganization({ name: 'Org', members: [perma.user.id] });
    const rootMove = await call(`/folders/${org.sharedFolderId}/folders/${root}/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(rootMove.status).toBe(400);
    expect(rootMove.body.parent[0]).toMatch(/^You can't move/);
    expect(
      (await call(`/folders/99999/folders/${a.id}/`, { method: 'PUT', headers: key() })).status,
    ).toBe(404);
    // The real server has an unhandled 500 for a missing folder id.
    const missing = await call(`/folders/${a.id}/folders/99999/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(missing.status).toBe(500);
    expect(missing.text).toContain('Server Error (500)');
  });

  it('A5/A7: delete only empty, non-top-level folders', async () => {
    const root = perma.user.rootFolderId;
    const parent = perma.addFolder(root, 'P');
    const kid = perma.addFolder(parent.id, 'K');
    const del = (id: number) => call(`/folders/${id}/`, { method: 'DELETE', headers: key() });
    expect((await del(parent.id)).body).toEqual({
      error: ['Folders can only be deleted if they are empty.'],
    });
    expect((await del(root)).body).toEqual({ error: ['Top-level folders cannot be deleted.'] });
    await call('/archives/', {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ url: 'https://example.com/', folder: kid.id }),
    });
    expect((await del(kid.id)).status).toBe(400);
    const empty = perma.addFolder(root, 'Empty');
    const ok = await del(empty.id);
    expect(ok.status).toBe(204);
    expect(ok.text).toBe('');
    expect((await del(empty.id)).status).toBe(404);
  });

  it('A3/A5: organisations, their shared folders as top-level folders, order_by, 403 for others', async () => {
    const zeta = perma.addOrganization({
      name: 'Zeta Journal',
      registrar: 'Alpha Library',
      members: [perma.user.id],
    });
    const alpha = perma.addOrganization({
      name: 'Alpha Review',
      registrar: 'Beta Library',
      defaultToPrivate: true,
      members: [perma.user.id],
    });
    const other = perma.addOrganization({ name: 'Elsewhere' });
    const orgs = await call('/organizations/', { headers: key() });
    expect(orgs.body.objects.map((o: { name: string }) => o.name)).toEqual([
      'Alpha Review',
      'Zeta Journal',
    ]);
    expect(orgs.body.objects[0]).toMatchObject({
      id: alpha.id,
      registrar: 'Beta Library',
      default_to_private: true,
      shared_folder: { id: alpha.sharedFolderId, organization: alpha.id, parent: null },
    });
    const byRegistrar = await call('/organizations/?order_by=-registrar', { headers: key() });
    expect(byRegistrar.body.objects.map((o: { id: number }) => o.id)).toEqual([alpha.id, zeta.id]);
    expect((await call(`/organizations/${zeta.id}`, { headers: key() })).body.name).toBe(
      'Zeta Journal',
    );
    expect((await call(`/organizations/${other.id}/`, { headers: key() })).status).toBe(403);
    const user = await call('/user/', { headers: key() });
    expect(user.body.top_level_folders.map((f: { id: number }) => f.id)).toEqual([
      perma.user.rootFolderId,
      zeta.sharedFolderId,
      alpha.sharedFolderId,
    ]);
    expect(user.body.top_level_folders[2]).toMatchObject({
      registrar_name: 'Beta Library',
      default_to_private: true,
    });
  });

  it('A4: pages have meta/objects; new style has no total_count and a next link that never ends', async () => {
    const root = perma.user.rootFolderId;
    for (const name of ['a', 'b', 'c']) perma.addFolder(root, name);
    const first = await call(`/folders/${root}/folders/?limit=2`, { headers: key() });
    expect(first.body.meta).toEqual({
      limit: 2,
      next: `${perma.apiBase}/folders/${root}/folders/?limit=2&offset=2`,
      offset: 0,
      previous: null,
    });
    expect(first.body.objects).toHaveLength(2);
    const last = await call(`/folders/${root}/folders/?limit=2&offset=4`, { headers: key() });
    expect(last.body.objects).toEqual([]);
    expect(last.body.meta.next).toContain('offset=6');
    expect(last.body.meta.previous).toContain('offset=2');
    const defaults = await call('/folders/', { headers: key() });
    expect(defaults.body.meta.limit).toBe(300);
  });

  it('A4: the old pagination style has total_count and a null next on the last page', async () => {
    const old = await startPermaServer({ pagination: 'old' });
    try {
      const root = old.user.rootFolderId;
      for (const name of ['a', 'b', 'c']) old.addFolder(root, name);
      const response = await fetch(`${old.apiBase}/folders/${root}/folders?limit=2&offset=2`, {
        headers: { Authorization: `ApiKey ${old.apiKey}` },
      });
      const body = await response.json();
      expect(body.meta).toMatchObject({ total_count: 3, next: null, limit: 2, offset: 2 });
      expect(body.objects).toHaveLength(1);
    } finally {
      await old.close();
    }
  });

  it('A5: the legacy /v1/user/ prefix works for flat routes but not nested ones', async () => {
    expect((await call('/user/archives/', { headers: key() })).status).toBe(200);
    expect((await call('/user/folders/', { headers: key() })).status).toBe(200);
    expect(
      (await call(`/user/folders/${perma.user.rootFolderId}/folders/`, { headers: key() })).status,
    ).toBe(404);
  });

  it('the request log records method, path, query and headers', async () => {
    await call('/archives/?limit=5&q=x', { headers: { ...key(), 'X-Test': 'yes' } });
    const entry = perma.requests.at(-1)!;
    expect(entry).toMatchObject({
      method: 'GET',
      path: '/v1/archives/',
      query: { limit: '5', q: 'x' },
      status: 200,
    });
    expect(entry.headers['x-test']).toBe('yes');
  });
});
