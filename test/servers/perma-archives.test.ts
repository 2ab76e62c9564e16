// The Perma test server's archives follow server-apis.md A3-A8: create with validation (A6),
// capture jobs over time (A7), PATCH/move/delete and the 24 h rule, quota, org privacy,
// uploads (A8), downloads, lists with filters (A4), batches, public routes.
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPermaServer, type PermaServer } from './perma-server.js';

let perma: PermaServer;
beforeEach(async () => {
  perma = await startPermaServer({
    capture: { manual: true, pageTitle: (url) => `Title of ${url}` },
  });
});
afterEach(async () => {
  await perma.close();
});

const DAY = 24 * 60 * 60 * 1000;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const key = () => ({ Authorization: `ApiKey ${perma.apiKey}` });
const jsonHeaders = () => ({ ...key(), 'Content-Type': 'application/json' });

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${perma.apiBase}${path}`, init);
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
const create = (body: Record<string, unknown>, path = '/archives/') =>
  call(path, { method: 'POST', headers: jsonHeaders(), body: JSON.stringify(body) });
const patch = (guid: string, body: Record<string, unknown>) =>
  call(`/archives/${guid}/`, {
    method: 'PATCH',
    headers: jsonHeaders(),
    body: JSON.stringify(body),
  });
function upload(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([new Uint8Array(file.data)]), file.name);
  return form;
}

describe('A6 create and its validation', () => {
  it('A5/A6: create with every field in one request: 201, pending captures, GUID alphabet', async () => {
    const folder = perma.addFolder(perma.user.rootFolderId, 'Research');
    const { status, body } = await create({
      url: 'example.com/page',
      title: 'My title',
      description: 'About it',
      notes: 'private note',
      folder: folder.id,
      is_private: true,
      human: true,
    });
    expect(status).toBe(201);
    expect(body.guid).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(body.guid.slice(0, 4)).toMatch(/[2-9]/);
    expect(body).toMatchObject({
      url: 'http://example.com/page',
      title: 'My title',
      description: 'About it',
      notes: 'private note',
      is_private: true,
      private_reason: 'user',
      user_deleted: false,
      warc_size: null,
      warc_download_url: null,
      queue_time: null,
      capture_time: null,
      organization: null,
      created_by: { id: perma.user.id, full_name: 'Jane Doe' },
    });
    expect(body.captures.map((c: { role: string; status: string }) => [c.role, c.status])).toEqual([
      ['primary', 'pending'],
      ['screenshot', 'pending'],
    ]);
    expect(Date.parse(body.archive_timestamp) - Date.parse(body.creation_timestamp)).toBe(DAY);
    const archive = perma.state.archives.get(body.guid)!;
    expect(archive.folderId).toBe(folder.id);
  });

  it('A6: every validation error is a 400 with its exact body (strings vs lists)', async () => {
    const sponsoredFolder = perma.addSponsorship(perma.user.id, { registrar: 'Law Lib' });
    const readOnly = perma.addSponsorship(perma.user.id, {
      registrar: 'Closed Lib',
      readOnly: true,
    });
    const stranger = perma.addUser();
    perma.state.rejectedUrls.set('http://blocked.test/', 'Not a valid IP.');
    const cases: [Record<string, unknown>, unknown][] = [
      [
        { url: 'https://example.com/', human: 'true' },
        { human: 'Value must be of type bool, not str.' },
      ],
      [{ url: 'https://exa\u0007mple.com/' }, { url: 'Unicode error while processing URL.' }],
      [{ url: '' }, { url: ['URL cannot be empty.'] }],
      [{}, { url: ['URL cannot be empty.'] }],
      [{ url: 'http://blocked.test/' }, { url: ['Not a valid IP.'] }],
      [{ url: 'https://nowhere.invalid/' }, { url: ["Couldn't resolve domain."] }],
      [{ url: 'https://example.com/', folder: 99999 }, { folder: ['Folder not found.'] }],
      [{ url: 'https://example.com/', folder: 'abc' }, { folder: ['Folder not found.'] }],
      [
        { url: 'https://example.com/', folder: stranger.rootFolderId },
        { folder: ['Folder not found.'] },
      ],
      [
        { url: 'https://example.com/', folder: perma.user.sponsoredRootId },
        {
          error: [
            "Perma can't create this link. You can't make links directly in your Sponsored Links folder. Select a folder belonging to a sponsor.",
          ],
        },
      ],
      [
        { url: 'https://example.com/', folder: readOnly.id },
        {
          error: [
            expect.stringMatching(
              /^Perma can't create this link\. Closed Lib set this folder to read-only\./,
            ),
          ],
        },
      ],
      [
        { url: 'https://example.com/', title: 'x'.repeat(2101) },
        { title: ['Ensure this field has no more than 2100 characters.'] },
      ],
      [
        { url: 'https://example.com/', description: 'x'.repeat(301) },
        { description: ['Ensure this field has no more than 300 characters.'] },
      ],
    ];
    for (const [input, expected] of cases) {
      const { status, body } = await create(input);
      expect(status, JSON.stringify(input).slice(0, 80)).toBe(400);
      expect(body).toEqual(expected);
    }
    expect((await create({ url: 'https://example.com/', folder: sponsoredFolder.id })).status).toBe(
      201,
    );
    // Each failure was also recorded as an invalid capture job with a JSON-encoded message.
    const invalid = [...perma.state.captureJobs.values()].filter((j) => j.status === 'invalid');
    expect(invalid).toHaveLength(cases.length);
    expect(JSON.parse(invalid[2]!.message!)).toEqual({ url: ['URL cannot be empty.'] });
  });

  it('A6: the capture service being down is the one retryable URL error', async () => {
    perma.setCaptureServiceDown(true);
    const { status, body } = await create({ url: 'https://example.com/' });
    expect(status).toBe(400);
    expect(body).toEqual({ url: ['We encountered a network error: please try again.'] });
    perma.setCaptureServiceDown(false);
    expect((await create({ url: 'https://example.com/' })).status).toBe(201);
  });

  it('A6: no idempotency: the same create twice makes two GUIDs', async () => {
    const a = await create({ url: 'https://example.com/same' });
    const b = await create({ url: 'https://example.com/same' });
    expect(a.body.guid).not.toBe(b.body.guid);
    expect(perma.state.archives.size).toBe(2);
  });

  it('A6: a missing title is the hostname until the capture finds the page title', async () => {
    const { body } = await create({ url: 'https://www.example.com/x' });
    expect(body.title).toBe('www.example.com');
    perma.captures.finish(body.guid);
    expect((await call(`/archives/${body.guid}`, { headers: key() })).body.title).toBe(
      'Title of https://www.example.com/x',
    );
    const titled = await create({ url: 'https://example.com/y', title: 'Mine' });
    perma.captures.finish(titled.body.guid);
    expect((await call(`/archives/${titled.body.guid}`, { headers: key() })).body.title).toBe(
      'Mine',
    );
  });

  it('A7: link quota: personal links count, org links do not; deleting refunds', async () => {
    const limited = perma.addUser({ linkLimit: 2, linkLimitPeriod: 'monthly' });
    const org = perma.addOrganization({ name: 'Org', members: [limited.id] });
    const post = (body: Record<string, unknown>) =>
      fetch(`${perma.apiBase}/archives/`, {
        method: 'POST',
        headers: { Authorization: `ApiKey ${limited.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await (await post({ url: 'https://a.example/' })).json();
    await post({ url: 'https://b.example/' });
    const over = await post({ url: 'https://c.example/' });
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      error: [
        "Perma can't create this link. You've reached your usage limit. Visit your Usage Plan page for information and plan options.",
      ],
    });
    expect((await post({ url: 'https://d.example/', folder: org.sharedFolderId })).status).toBe(
      201,
    );
    perma.captures.finish(first.guid);
    const del = await fetch(`${perma.apiBase}/archives/${first.guid}`, {
      method: 'DELETE',
      headers: { Authorization: `ApiKey ${limited.apiKey}` },
    });
    expect(del.status).toBe(204);
    expect((await post({ url: 'https://e.example/' })).status).toBe(201);
  });

  it('A7: an org with default_to_private forces private (reason user); a later move does not', async () => {
    const org = perma.addOrganization({
      name: 'Private Org',
      defaultToPrivate: true,
      members: [perma.user.id],
    });
    const forced = await create({
      url: 'https://example.com/',
      folder: org.sharedFolderId,
      is_private: false,
    });
    expect(forced.body).toMatchObject({
      is_private: true,
      private_reason: 'user',
      organization: { id: org.id, default_to_private: true },
    });
    const made = await create({ url: 'https://example.com/2' });
    const moved = await call(`/folders/${org.sharedFolderId}/archives/${made.body.guid}/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(moved.body).toMatchObject({ is_private: false, organization: { id: org.id } });
    const back = await patch(forced.body.guid, { is_private: false });
    expect(back.body).toMatchObject({ is_private: false, private_reason: null });
  });

  it('A7: the registrar of an org in bad standing blocks creates', async () => {
    const org = perma.addOrganization({
      name: 'Unpaid',
      registrar: 'Broke Library',
      registrarGoodStanding: false,
      members: [perma.user.id],
    });
    const { status, body } = await create({
      url: 'https://example.com/',
      folder: org.sharedFolderId,
    });
    expect(status).toBe(400);
    expect(body.error[0]).toMatch(
      /^Perma can't create this link\. The Broke Library account needs attention\./,
    );
  });
});

describe('A7 capture jobs', () => {
  it('A7: pending → in_progress → completed, then warc_size, download URL and a real gzip WARC', async () => {
    const { body } = await create({ url: 'https://example.com/a', title: 'A' });
    const job = () => call(`/capture_jobs/${body.guid}/`, { headers: key() });
    expect((await job()).body).toMatchObject({
      guid: body.guid,
      status: 'pending',
      queue_position: 1,
      submitted_url: 'https://example.com/a',
      attempt: 1,
      message: null,
    });
    expect((await call('/capture_jobs/', { headers: key() })).body.objects).toHaveLength(1);
    perma.captures.step(body.guid);
    expect((await job()).body).toMatchObject({ status: 'in_progress', queue_position: 0 });
    perma.captures.step(body.guid);
    const done = (await job()).body;
    expect(done).toMatchObject({
      status: 'completed',
      step_count: 6,
      step_description: 'Saving web archive file',
    });
    expect(done.capture_end_time).toMatch(/Z$/);
    expect((await call('/capture_jobs/', { headers: key() })).body.objects).toEqual([]);
    const archive = (await call(`/archives/${body.guid}`, { headers: key() })).body;
    expect(archive.captures.every((c: { status: string }) => c.status === 'success')).toBe(true);
    expect(archive.warc_download_url).toBe(`${perma.apiBase}/archives/${body.guid}/download`);
    const download = await fetch(archive.warc_download_url, { headers: key() });
    expect(download.headers.get('content-type')).toBe('application/gzip');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${body.guid}.warc.gz"`,
    );
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.length).toBe(archive.warc_size);
    const text = gunzipSync(bytes).toString();
    expect(text).toMatch(/^WARC\/1\.1\r\nWARC-Type: warcinfo/);
    expect(text).toContain('WARC-Target-URI: https://example.com/a');
    expect(Number.isInteger(archive.queue_time)).toBe(true);
  });

  it('A5: the download of a replaced archive redirects (302) to the replacement', async () => {
    const old = await create({ url: 'https://example.com/old' });
    const replacement = await create({ url: 'https://example.com/new' });
    perma.captures.finish(replacement.body.guid);
    perma.state.archives.get(old.body.guid)!.replacedBy = replacement.body.guid;
    const response = await fetch(`${perma.apiBase}/archives/${old.body.guid}/download`, {
      headers: key(),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `${perma.apiBase}/archives/${replacement.body.guid}/download`,
    );
  });

  it('A7: captures can fail; the job reports failed and the archive has no download', async () => {
    const failing = await startPermaServer({
      capture: { pendingMs: 0, inProgressMs: 0, fails: (url) => url.includes('broken') },
    });
    try {
      const headers = {
        Authorization: `ApiKey ${failing.apiKey}`,
        'Content-Type': 'application/json',
      };
      const made = await (
        await fetch(`${failing.apiBase}/archives/`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ url: 'https://broken.example/' }),
        })
      ).json();
      const job = await (
        await fetch(`${failing.apiBase}/capture_jobs/${made.guid}`, { headers })
      ).json();
      expect(job.status).toBe('failed');
      expect(JSON.parse(job.message)).toEqual({ error: ['Failed during capture.'] });
      const archive = await (
        await fetch(`${failing.apiBase}/archives/${made.guid}`, { headers })
      ).json();
      expect(archive.captures[0].status).toBe('failed');
      expect(archive.warc_download_url).toBeNull();
      expect(
        (await fetch(`${failing.apiBase}/archives/${made.guid}/download`, { headers })).status,
      ).toBe(404);
    } finally {
      await failing.close();
    }
  });

  it('A7: jobs progress on the clock when not manual, and human jobs jump the queue', async () => {
    const timed = await startPermaServer({ capture: { pendingMs: 1000, inProgressMs: 1000 } });
    try {
      const headers = {
        Authorization: `ApiKey ${timed.apiKey}`,
        'Content-Type': 'application/json',
      };
      const post = async (body: unknown) =>
        (
          await fetch(`${timed.apiBase}/archives/`, {
            method: 'POST',
            headers,
            body: JSON.stringify(body),
          })
        ).json();
      const a = await post({ url: 'https://a.example/' });
      const b = await post({ url: 'https://b.example/', human: true });
      const jobOf = async (guid: string) =>
        (await fetch(`${timed.apiBase}/capture_jobs/${guid}`, { headers })).json();
      expect((await jobOf(a.guid)).queue_position).toBe(2);
      expect((await jobOf(b.guid)).queue_position).toBe(1);
      timed.clock.advance(1500);
      expect((await jobOf(a.guid)).status).toBe('in_progress');
      timed.clock.advance(1000);
      expect((await jobOf(a.guid)).status).toBe('completed');
    } finally {
      await timed.close();
    }
  });
});

describe('A5/A7 edit, move, delete', () => {
  it('A5: PATCH title, notes, description and privacy both ways; ignored private_reason', async () => {
    const { body } = await create({ url: 'https://example.com/' });
    const edited = await patch(body.guid, {
      title: 'T',
      notes: 'N',
      description: 'D',
      is_private: true,
      private_reason: 'takedown',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'T',
      notes: 'N',
      description: 'D',
      is_private: true,
      private_reason: 'user',
    });
    expect((await patch(body.guid, { is_private: false })).body).toMatchObject({
      is_private: false,
      private_reason: null,
    });
  });

  it('A5: PATCH errors: other fields (a bare list), privacy set by Perma, unknown folder, not yours', async () => {
    const { body } = await create({ url: 'https://example.com/' });
    const url = await patch(body.guid, { url: 'https://other.example/' });
    expect(url.status).toBe(400);
    expect(Array.isArray(url.body)).toBe(true);
    expect(url.body[0]).toMatch(/^Only updates on these fields are allowed: /);
    perma.state.archives.get(body.guid)!.privateReason = 'takedown';
    perma.state.archives.get(body.guid)!.isPrivate = true;
    expect((await patch(body.guid, { is_private: false })).body).toEqual({
      is_private: ['Cannot change link privacy.'],
    });
    expect((await patch(body.guid, { folder: 99999 })).body).toEqual({
      folder: ['Folder not found.'],
    });
    const stranger = perma.addUser();
    const theirs = await fetch(`${perma.apiBase}/archives/${body.guid}/`, {
      method: 'PATCH',
      headers: { Authorization: `ApiKey ${stranger.apiKey}`, 'Content-Type': 'application/json' },
      body: '{"title":"x"}',
    });
    expect(theirs.status).toBe(403);
    expect((await patch('ZZZZ-ZZZZ', { title: 'x' })).status).toBe(404);
    expect((await call(`/archives/${body.guid.toLowerCase()}/`, { headers: key() })).status).toBe(
      404,
    );
  });

  it('A5: move by PATCH folder and by PUT /folders/{id}/archives/{guid}; folder lists exclude subfolders', async () => {
    const root = perma.user.rootFolderId;
    const a = perma.addFolder(root, 'A');
    const b = perma.addFolder(a.id, 'B');
    const { body } = await create({ url: 'https://example.com/' });
    expect((await patch(body.guid, { folder: a.id })).status).toBe(200);
    expect(perma.state.archives.get(body.guid)!.folderId).toBe(a.id);
    const put = await call(`/folders/${b.id}/archives/${body.guid}/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(put.status).toBe(200);
    expect((await call(`/folders/${a.id}/archives/`, { headers: key() })).body.objects).toEqual([]);
    expect(
      (await call(`/folders/${b.id}/archives/`, { headers: key() })).body.objects[0].guid,
    ).toBe(body.guid);
    perma.addSponsorship(perma.user.id, { registrar: 'Lib' });
    const sponsoredRoot = perma.user.sponsoredRootId!;
    const refused = await call(`/folders/${sponsoredRoot}/archives/${body.guid}/`, {
      method: 'PUT',
      headers: key(),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error[0]).toMatch(/^You can't move links to your Sponsored Links folder/);
    const nested = await create({ url: 'https://nested.example/' }, `/folders/${a.id}/archives/`);
    expect(nested.status).toBe(201);
    expect(perma.state.archives.get(nested.body.guid)!.folderId).toBe(a.id);
  });

  it('A7: DELETE within 24 h (204), not during capture (400), not after 24 h (403), then 404', async () => {
    const { body } = await create({ url: 'https://example.com/' });
    expect(
      (await call(`/archives/${body.guid}/`, { method: 'DELETE', headers: key() })).body,
    ).toEqual({ error: ['Capture in progress: please wait until complete before deleting.'] });
    perma.captures.finish(body.guid);
    const ok = await call(`/archives/${body.guid}/`, { method: 'DELETE', headers: key() });
    expect(ok.status).toBe(204);
    expect(perma.state.archives.get(body.guid)!.userDeleted).toBe(true);
    expect(
      (await call(`/archives/${body.guid}/`, { method: 'DELETE', headers: key() })).status,
    ).toBe(404);
    expect((await call(`/archives/${body.guid}/`, { headers: key() })).status).toBe(404);

    const old = await create({ url: 'https://example.com/old' });
    perma.captures.finish(old.body.guid);
    perma.clock.advance(DAY + 1000);
    const late = await call(`/archives/${old.body.guid}/`, { method: 'DELETE', headers: key() });
    expect(late.status).toBe(403);
    expect(late.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    expect((await patch(old.body.guid, { title: 'still editable' })).body.title).toBe(
      'still editable',
    );
  });
});

describe('A8 uploads', () => {
  it('A8: multipart create from a PNG or PDF: no capture job, upload capture, WARC resource record', async () => {
    const made = await call('/archives/', {
      method: 'POST',
      headers: key(),
      body: upload(
        { url: 'https://example.com/doc', title: 'Doc' },
        { name: 'page.PNG', data: PNG },
      ),
    });
    expect(made.status).toBe(201);
    expect(made.body.captures).toEqual([
      {
        role: 'primary',
        status: 'success',
        url: `file:///${made.body.guid}/upload.png`,
        record_type: 'resource',
        content_type: 'image/png',
        user_upload: true,
      },
    ]);
    expect(made.body.warc_size).toBeGreaterThan(0);
    expect((await call(`/capture_jobs/${made.body.guid}/`, { headers: key() })).status).toBe(404);
    const warc = gunzipSync(
      Buffer.from(
        await (await fetch(made.body.warc_download_url, { headers: key() })).arrayBuffer(),
      ),
    );
    expect(warc.includes(PNG)).toBe(true);
    expect(warc.toString('latin1')).toContain('WARC-Type: resource');
    const pdf = await call('/archives/', {
      method: 'POST',
      headers: key(),
      body: upload({ url: 'https://example.com/p' }, { name: 'x.pdf', data: PDF }),
    });
    expect(pdf.body.captures[0].content_type).toBe('application/pdf');
  });

  it('A8: WARC, HTML and mislabelled files are "Invalid file."; empty is blank; size limit; human in multipart fails', async () => {
    const small = await startPermaServer({ maxFileSize: 100 });
    try {
      const post = (
        file: { name: string; data: Buffer },
        fields: Record<string, string> = { url: 'https://example.com/' },
      ) =>
        fetch(`${small.apiBase}/archives/`, {
          method: 'POST',
          headers: { Authorization: `ApiKey ${small.apiKey}` },
          body: upload(fields, file),
        }).then(async (r) => [r.status, await r.json()]);
      expect(await post({ name: 'a.warc.gz', data: Buffer.from([0x1f, 0x8b, 8, 0]) })).toEqual([
        400,
        { file: ['Invalid file.'] },
      ]);
      expect(await post({ name: 'a.html', data: Buffer.from('<html></html>') })).toEqual([
        400,
        { file: ['Invalid file.'] },
      ]);
      expect(await post({ name: 'a.png', data: PDF })).toEqual([400, { file: ['Invalid file.'] }]);
      expect(await post({ name: 'a.png', data: Buffer.alloc(0) })).toEqual([
        400,
        { file: ['File cannot be blank.'] },
      ]);
      expect(await post({ name: 'a.pdf', data: Buffer.concat([PDF, Buffer.alloc(200)]) })).toEqual([
        400,
        { file: ['File is too large.'] },
      ]);
      expect(
        await post({ name: 'a.png', data: PNG }, { url: 'https://example.com/', human: 'true' }),
      ).toEqual([400, { human: 'Value must be of type bool, not str.' }]);
    } finally {
      await small.close();
    }
    const extended = await startPermaServer({ acceptWarcUploads: true });
    try {
      const response = await fetch(`${extended.apiBase}/archives/`, {
        method: 'POST',
        headers: { Authorization: `ApiKey ${extended.apiKey}` },
        body: upload(
          { url: 'https://example.com/' },
          { name: 'cap.warc.gz', data: Buffer.from([0x1f, 0x8b, 8, 0, 1]) },
        ),
      });
      expect(response.status).toBe(201);
    } finally {
      await extended.close();
    }
  });

  it('A8: PATCH a replacement file within 24 h, not during capture, not after 24 h', async () => {
    const { body } = await create({ url: 'https://example.com/' });
    const replace = (guid: string) =>
      call(`/archives/${guid}/`, {
        method: 'PATCH',
        headers: key(),
        body: upload({}, { name: 'new.png', data: PNG }),
      });
    expect((await replace(body.guid)).body).toEqual({
      error: ['Capture in progress: please wait until complete before uploading a replacement.'],
    });
    perma.captures.finish(body.guid);
    const replaced = await replace(body.guid);
    expect(replaced.status).toBe(200);
    expect(replaced.body.captures[0]).toMatchObject({
      user_upload: true,
      url: `file:///${body.guid}/upload.png`,
    });
    perma.clock.advance(DAY);
    expect((await replace(body.guid)).body).toEqual({
      file: ['Archive contents cannot be replaced after 24 hours'],
    });
  });
});

describe('A4 lists and public routes', () => {
  it('A4: q over guid/url/title/notes, exact SURT url=, dates, newest first, bad date 400', async () => {
    const a = await create({
      url: 'https://www.Example.com/a?b=2&a=1',
      title: 'Alpha',
      notes: 'secret word',
    });
    perma.clock.advance(2 * DAY);
    const b = await create({ url: 'https://other.example/b', title: 'Beta' });
    const list = (query: string) =>
      call(`/archives/?${query}`, { headers: key() }).then((r) =>
        r.body.objects.map((o: { guid: string }) => o.guid),
      );
    expect(await list('')).toEqual([b.body.guid, a.body.guid]);
    expect(await list('q=ALPHA')).toEqual([a.body.guid]);
    expect(await list('q=secret')).toEqual([a.body.guid]);
    expect(await list(`q=${b.body.guid}`)).toEqual([b.body.guid]);
    expect(await list(`url=${encodeURIComponent('http://example.com/a?a=1&b=2')}`)).toEqual([
      a.body.guid,
    ]);
    const created = Date.parse(a.body.creation_timestamp);
    expect(await list(`min_date=${new Date(created + DAY).toISOString()}`)).toEqual([b.body.guid]);
    expect(await list(`max_date=${new Date(created + 1000).toISOString()}`)).toEqual([a.body.guid]);
    expect(await list(`date=${new Date(created).toISOString()}`)).toEqual([a.body.guid]);
    const bad = await call('/archives/?min_date=yesterday', { headers: key() });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ min_date: ['Enter a valid date/time.'] });
  });

  it('A5: public list and detail hide private and deleted archives; public form has no notes', async () => {
    const pub = await create({ url: 'https://example.com/pub', notes: 'zebra' });
    const priv = await create({ url: 'https://example.com/priv', is_private: true });
    perma.captures.finish(pub.body.guid);
    const list = await call('/public/archives/');
    expect(list.body.objects.map((o: { guid: string }) => o.guid)).toEqual([pub.body.guid]);
    expect(list.body.objects[0]).not.toHaveProperty('notes');
    expect(list.body.objects[0].warc_download_url).toBe(
      `${perma.apiBase}/public/archives/${pub.body.guid}/download`,
    );
    expect((await call(`/public/archives/${priv.body.guid}/`)).status).toBe(404);
    expect((await call(`/public/archives/${pub.body.guid}/download`)).status).toBe(200);
    expect((await call('/public/archives/?q=zebra')).body.objects).toEqual([]);
  });

  it('A5: CSV exports', async () => {
    const made = await create({ url: 'https://example.com/', title: 'Quote, "here"' });
    const csv = await fetch(`${perma.apiBase}/archives/export`, { headers: key() });
    expect(csv.headers.get('content-type')).toBe('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('url,status,error_message,title,perma_link');
    expect(text).toContain(
      `https://example.com/,pending,,"Quote, ""here""",${perma.origin}/${made.body.guid}`,
    );
  });
});

describe('A5 batches', () => {
  it('A5: Content-Type must be exactly application/json (typo included)', async () => {
    const body = JSON.stringify({
      urls: ['https://example.com/'],
      target_folder: perma.user.rootFolderId,
    });
    const withCharset = await call('/archives/batches', {
      method: 'POST',
      headers: { ...key(), 'Content-Type': 'application/json; charset=utf-8' },
      body,
    });
    expect(withCharset.status).toBe(400);
    expect(withCharset.body).toEqual({ detail: 'content-type must be aplication/json' });
    expect(
      (
        await call('/archives/batches', {
          method: 'POST',
          headers: jsonHeaders(),
          body: '{"urls":[]}',
        })
      ).body,
    ).toEqual({ target_folder: ['This field is required.'] });
  });

  it('A5: a batch with an invalid URL still succeeds; links_remaining and the full folder on read', async () => {
    const limited = perma.addUser({ linkLimit: 10 });
    const headers = {
      Authorization: `ApiKey ${limited.apiKey}`,
      'Content-Type': 'application/json',
    };
    const response = await fetch(`${perma.apiBase}/archives/batches`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        urls: ['https://a.example/', '', 'https://b.example/'],
        target_folder: limited.rootFolderId,
      }),
    });
    expect(response.status).toBe(201);
    const batch = await response.json();
    expect(batch).toMatchObject({
      created_by: limited.id,
      target_folder: limited.rootFolderId,
      links_remaining: 8,
      links_remaining_period: 'once',
    });
    expect(batch.capture_jobs.map((j: { status: string }) => j.status)).toEqual([
      'pending',
      'invalid',
      'pending',
    ]);
    expect(JSON.parse(batch.capture_jobs[1].message)).toEqual({ url: ['URL cannot be empty.'] });
    const read = await (
      await fetch(`${perma.apiBase}/archives/batches/${batch.id}`, { headers })
    ).json();
    expect(read.target_folder).toMatchObject({ id: limited.rootFolderId, name: 'Personal Links' });
    const listed = await (await fetch(`${perma.apiBase}/archives/batches`, { headers })).json();
    expect(listed.objects.map((b: { id: number }) => b.id)).toEqual([batch.id]);
    expect((await call(`/archives/batches/${batch.id}`, { headers: key() })).status).toBe(403);
    const unlimited = await call('/archives/batches', {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ urls: [], target_folder: perma.user.rootFolderId }),
    });
    expect(unlimited.body.links_remaining).toBe('Infinity');
  });
});
