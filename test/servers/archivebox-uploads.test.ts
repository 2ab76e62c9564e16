// ArchiveResult uploads of the newest 0.9 ('0.9-uploads' mode) follow server-apis.md B5b and
// B6: the extension's five-step flow, plugin and path checks, chunk offsets with 409 on a
// mismatch, and output_files[path].upload for resuming.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startArchiveBoxServer, type ArchiveBoxServer } from './archivebox-server.js';

let ab: ArchiveBoxServer;
beforeEach(async () => {
  // B6 as documented, with the chunks of an upload under way reported.
  ab = await startArchiveBoxServer({
    version: '0.9-uploads',
    progress: { manual: true },
    uploadProgress: true,
  });
});
afterEach(async () => {
  await ab.close();
});

const auth = () => ({ Authorization: `Bearer ${ab.token}`, 'X-ArchiveBox-API-Key': ab.token });
async function send(method: string, path: string, body: FormData | string) {
  const headers: Record<string, string> = auth();
  if (typeof body === 'string') headers['Content-Type'] = 'application/json';
  const response = await fetch(`${ab.apiBase}${path}`, { method, headers, body });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the assertions
  return { status: response.status, body: (await response.json()) as any };
}
function form(
  fields: Record<string, string>,
  files: { name: string; data: Buffer | string; field?: string }[] = [],
) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const file of files)
    f.append(
      file.field ?? 'files',
      new Blob([typeof file.data === 'string' ? file.data : new Uint8Array(file.data)]),
      file.name,
    );
  return f;
}

/** Sends chunk `index` of a 2-chunk dom.html (of `total` bytes) into an ArchiveResult. */
function chunkSender(resultId: string) {
  return (index: number, offset: number, data: string, total = 6) =>
    send(
      'PATCH',
      `/core/archiveresult/${resultId}`,
      form(
        {
          chunk_output_path: 'dom.html',
          chunk_index: String(index),
          chunk_count: '2',
          chunk_offset: String(offset),
          chunk_total_size: String(total),
        },
        [{ name: 'dom.html', data }],
      ),
    );
}

async function snapshotId() {
  const added = await send(
    'POST',
    '/cli/add',
    JSON.stringify({
      urls: ['https://example.com/page'],
      tag: 'cairn',
      depth: 0,
      only_new: true,
      persona: 'Default',
    }),
  );
  const crawlId = added.body.result.crawl_id;
  const made = await send(
    'POST',
    '/core/snapshots',
    JSON.stringify({
      url: 'https://example.com/page',
      crawl_id: crawlId,
      title: 'Page',
      tags: ['cairn'],
      depth: 0,
    }),
  );
  expect(made.body.id).toBe(added.body.result.snapshot_ids[0]);
  return made.body.id as string;
}

describe('B6 ArchiveResult uploads', () => {
  it('B6: open a result with no files, upload a WARC in chunks, finish as succeeded', async () => {
    const id = await snapshotId();
    const opened = await send(
      'POST',
      '/core/archiveresults',
      form({
        snapshot_id: id,
        plugin: 'chrome_extension_warc',
        status: 'started',
        output_json: '{"pages":1}',
      }),
    );
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      status: 'started',
      plugin: 'chrome_extension_warc',
      hook_name: 'on_Snapshot__archivebox_browser_extension_upload',
      output_json: { pages: 1 },
      output_files: {},
      snapshot_id: id,
    });
    const warc = Buffer.from('WARC/1.1\r\n'.repeat(300));
    const chunks = [warc.subarray(0, 1000), warc.subarray(1000, 2000), warc.subarray(2000)];
    let offset = 0;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked by the assertions
    let last: any;
    for (const [i, chunk] of chunks.entries()) {
      const fields = {
        chunk_output_path: 'capture.warc.gz',
        chunk_index: String(i),
        chunk_count: '3',
        chunk_offset: String(offset),
        chunk_total_size: String(warc.length),
        status: i === 2 ? 'succeeded' : 'started',
      };
      last = await send(
        'PATCH',
        `/core/archiveresult/${opened.body.id}`,
        form(fields, [{ name: 'capture.warc.gz', data: chunk }]),
      );
      expect(last.status, `chunk ${i}`).toBe(200);
      offset += chunk.length;
      expect(last.body.output_files['capture.warc.gz'].upload).toMatchObject({
        chunked: true,
        chunk_index: i,
        chunk_count: 3,
        chunks_received: i + 1,
        complete: i === 2,
      });
    }
    expect(last.body).toMatchObject({ status: 'succeeded', output_size: warc.length });
    expect(last.body.output_files['capture.warc.gz']).toMatchObject({
      extension: 'gz',
      size: warc.length,
    });
    const stored = ab.state.results.get(opened.body.id)!.files.get('capture.warc.gz')!;
    expect(stored.data.equals(warc)).toBe(true);
    const snapshot = await send('GET', `/core/snapshot/${id}`, undefined as never);
    expect(snapshot.body.archiveresults.map((r: { plugin: string }) => r.plugin)).toEqual([
      'chrome_extension_warc',
    ]);
  });

  it('B6: 409 on an offset mismatch (expected vs got) and on a wrong final size; chunk 0 restarts', async () => {
    const id = await snapshotId();
    const opened = await send(
      'POST',
      '/core/archiveresults',
      form({ snapshot_id: id, plugin: 'dom', status: 'started' }),
    );
    const chunk = chunkSender(opened.body.id);
    expect((await chunk(0, 0, 'abc')).status).toBe(200);
    const mismatch = await chunk(1, 5, 'def');
    expect(mismatch).toEqual({
      status: 409,
      body: { detail: 'Chunk offset mismatch for dom.html: expected 3, got 5' },
    });
    expect((await chunk(1, 3, 'defg')).status).toBe(409);
    const restarted = await chunk(0, 0, 'xyz');
    expect(restarted.body.output_files['dom.html']).toMatchObject({
      size: 3,
      upload: { chunks_received: 1, complete: false },
    });
    const done = await chunk(1, 3, 'uvw');
    expect(done.body.output_files['dom.html'].upload.complete).toBe(true);
    expect(ab.state.results.get(opened.body.id)!.files.get('dom.html')!.data.toString()).toBe(
      'xyzuvw',
    );
  });

  it('B9b: like a real 0.9.73, by default an upload under way shows no file until its last chunk', async () => {
    const documented = ab;
    ab = await startArchiveBoxServer({ version: '0.9-uploads', progress: { manual: true } });
    try {
      const id = await snapshotId();
      const opened = await send(
        'POST',
        '/core/archiveresults',
        form({ snapshot_id: id, plugin: 'dom', status: 'started' }),
      );
      const chunk = chunkSender(opened.body.id);
      expect((await chunk(0, 0, 'abc')).body.output_files).toEqual({});
      const done = await chunk(1, 3, 'def');
      expect(done.body.output_files['dom.html']).toMatchObject({
        size: 6,
        upload: { complete: true },
      });
    } finally {
      await ab.close();
      ab = documented;
    }
  });

  it('B5b: plugin and path checks, output_json must be an object, unknown snapshot 404, chunks need one file', async () => {
    const id = await snapshotId();
    expect(
      (await send('POST', '/core/archiveresults', form({ snapshot_id: id, plugin: 'bad plugin!' })))
        .status,
    ).toBe(400);
    expect(
      (
        await send(
          'POST',
          '/core/archiveresults',
          form({ snapshot_id: id, plugin: 'x'.repeat(33) }),
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await send(
          'POST',
          '/core/archiveresults',
          form({ snapshot_id: id, plugin: 'dom', output_json: '[1]' }),
        )
      ).body,
    ).toEqual({ detail: 'output_json must be a JSON object' });
    for (const path of ['/etc/passwd', '../up.html', 'a/../../b']) {
      const r = await send(
        'POST',
        '/core/archiveresults',
        form({ snapshot_id: id, plugin: 'dom', output_path: path }, [
          { name: 'x.html', data: 'x' },
        ]),
      );
      expect(r.status, path).toBe(400);
    }
    const missing = await send(
      'POST',
      '/core/archiveresults',
      form({ snapshot_id: '0000', plugin: 'dom' }),
    );
    expect(missing.status).toBe(404);
    const opened = await send(
      'POST',
      '/core/archiveresults',
      form({ snapshot_id: id, plugin: 'dom' }),
    );
    const noFile = await send(
      'PATCH',
      `/core/archiveresult/${opened.body.id}`,
      form({
        chunk_output_path: 'a',
        chunk_index: '0',
        chunk_count: '1',
        chunk_offset: '0',
        chunk_total_size: '1',
      }),
    );
    expect(noFile).toEqual({
      status: 400,
      body: { detail: 'At least one ArchiveResult file is required' },
    });
  });

  it('B5b: POST is create-or-update per (snapshot, plugin, hook) and replaces the metadata', async () => {
    const id = await snapshotId();
    const first = await send(
      'POST',
      '/core/archiveresults',
      form({ snapshot_id: id, plugin: 'screenshot', output_str: 'one', output_json: '{"a":1}' }, [
        { name: 'shot.png', data: 'png', field: 'file' },
      ]),
    );
    const second = await send(
      'POST',
      '/core/archiveresults',
      form(
        {
          snapshot_id: id,
          plugin: 'screenshot',
          output_str: 'two',
          output_paths: 'full/shot.png',
          mime_types: 'image/png',
        },
        [{ name: 'ignored.png', data: 'png2' }],
      ),
    );
    expect(second.body.id).toBe(first.body.id);
    expect(second.body).toMatchObject({
      output_str: 'two',
      output_json: null,
      status: 'succeeded',
    });
    expect(Object.keys(second.body.output_files).sort()).toEqual(['full/shot.png', 'shot.png']);
    expect(second.body.output_files['full/shot.png']).toMatchObject({
      mimetype: 'image/png',
      size: 4,
    });
    const otherHook = await send(
      'POST',
      '/core/archiveresults',
      form({ snapshot_id: id, plugin: 'screenshot', hook_name: 'on_Snapshot__other' }),
    );
    expect(otherHook.body.id).not.toBe(first.body.id);
  });

  it('B1: uploads exist only in 0.9-uploads', async () => {
    const dev = await startArchiveBoxServer({ version: '0.9' });
    try {
      const response = await fetch(`${dev.apiBase}/core/archiveresults`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${dev.token}` },
        body: form({ snapshot_id: 'x', plugin: 'dom' }),
      });
      expect(response.status).toBe(405);
    } finally {
      await dev.close();
    }
  });
});
