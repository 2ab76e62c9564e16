import { beforeEach, describe, expect, it } from 'vitest';
import { buildMetadataRecord, buildResourceRecord } from '../../warc';
import { pseudoRandomBytes, sampleMetadata } from '../../warc/test-utils';
import { useFreshDb } from '../test-db';
import {
  CAPTURES_OF_URL_SHOWN,
  getArchiveDetail,
  readCaptureMetadata,
  readScreenshot,
} from './archive-detail';
import { trashArchives } from './archive-ops';
import { newestFirst } from './archives';
import { createFolder } from './folder-ops';
import { ensureDefaultFolder } from './folders';
import { fakeRecord, seedArchive } from './library-test-utils';
import { appendRecords } from './records';

describe('archive detail', () => {
  let root: string;
  beforeEach(async () => {
    useFreshDb();
    root = (await ensureDefaultFolder()).id;
  });

  it('lists records without payloads and returns the screenshot and metadata of the capture', async () => {
    const folder = await createFolder(root, 'Shots');
    const archive = await seedArchive(folder.id, { url: 'https://example.com/page' });
    const png = pseudoRandomBytes(70_000);
    const shot = await buildResourceRecord({
      uri: 'urn:view:https://example.com/page',
      contentType: 'image/png',
      body: new Blob([png]),
      createdAt: Date.UTC(2026, 0, 1),
    });
    const text = await buildResourceRecord({
      uri: 'urn:text:https://example.com/page',
      contentType: 'text/plain; charset=utf-8',
      body: new Blob(['hello']),
      createdAt: Date.UTC(2026, 0, 1),
    });
    const meta = await buildMetadataRecord(sampleMetadata);
    await appendRecords(archive.id, [text, shot, meta]);

    const detail = await getArchiveDetail(archive.id);
    expect(detail).toMatchObject({
      archive: { id: archive.id },
      folderPath: ['Personal Links', 'Shots'],
      hasScreenshot: true,
      hasMetadata: true,
    });
    expect(detail!.records.map((r) => [r.seq, r.warcType, r.url, r.status, r.mime])).toEqual([
      [0, 'response', 'https://example.com/page', 200, 'text/html'],
      [1, 'resource', 'urn:text:https://example.com/page', undefined, 'text/plain'],
      [2, 'resource', 'urn:view:https://example.com/page', undefined, 'image/png'],
      [3, 'metadata', 'https://example.com/page', undefined, 'application/json'],
    ]);
    expect(detail!.records[2]).toMatchObject({ payloadLength: 70_000, length: shot.blob.size });
    expect(detail!.records[0]).not.toHaveProperty('blob');

    const image = await readScreenshot(archive.id);
    expect(image?.type).toBe('image/png');
    expect(new Uint8Array(await image!.arrayBuffer())).toEqual(png);
    expect(await readCaptureMetadata(archive.id)).toMatchObject({
      software: sampleMetadata.software,
      requestedUrl: sampleMetadata.requestedUrl,
      endReason: 'idle',
    });
  });

  it('says so when a capture has no screenshot or metadata, and when the archive is gone', async () => {
    const archive = await seedArchive(root);
    await appendRecords(archive.id, [fakeRecord('https://example.test/b')]);
    expect(await getArchiveDetail(archive.id)).toMatchObject({
      hasScreenshot: false,
      hasMetadata: false,
    });
    expect(await readScreenshot(archive.id)).toBeUndefined();
    expect(await readCaptureMetadata(archive.id)).toBeUndefined();
    expect(await getArchiveDetail('missing')).toBeUndefined();
  });

  it('lists every capture of the same URL, newest first, without deleted ones or other URLs', async () => {
    const news = await createFolder(root, 'News');
    const url = 'https://example.com/story';
    const first = await seedArchive(root, { url, status: 'partial' });
    const second = await seedArchive(news.id, { url, isPrivate: true, pageStatus: 404 });
    await seedArchive(root, { url: `${url}?other` });
    const deleted = await seedArchive(root, { url });
    const third = await seedArchive(root, { url });
    // Captured in the same millisecond as the third: ordered like the lists, by id.
    const tie = await seedArchive(root, { url, createdAt: third.createdAt });
    await trashArchives([deleted.id]);

    const detail = await getArchiveDetail(second.id);
    const newest = [third, tie].sort(newestFirst);
    expect(detail!.capturesOfUrl.map((c) => c.id)).toEqual([
      newest[0]!.id,
      newest[1]!.id,
      second.id,
      first.id,
    ]);
    expect(detail!.capturesOfUrlTotal).toBe(4);
    expect(detail!.capturesOfUrl[2]).toEqual({
      id: second.id,
      createdAt: second.createdAt,
      status: 'complete',
      pageStatus: 404,
      isPrivate: true,
      folderPath: ['Personal Links', 'News'],
    });
    expect(detail!.capturesOfUrl[3]).toMatchObject({
      status: 'partial',
      folderPath: ['Personal Links'],
    });
  });

  it(`lists at most ${CAPTURES_OF_URL_SHOWN} captures of a URL, and counts them all`, async () => {
    const url = 'https://example.com/daily';
    const rows = [];
    for (let i = 0; i < CAPTURES_OF_URL_SHOWN + 3; i++) rows.push(await seedArchive(root, { url }));
    const detail = await getArchiveDetail(rows[0]!.id);
    expect(detail!.capturesOfUrl).toHaveLength(CAPTURES_OF_URL_SHOWN);
    expect(detail!.capturesOfUrl[0]!.id).toBe(rows.at(-1)!.id);
    expect(detail!.capturesOfUrlTotal).toBe(CAPTURES_OF_URL_SHOWN + 3);
  });
});
