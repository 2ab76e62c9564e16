import { describe, expect, it } from 'vitest';
import { buildMetadataRecord, buildResourceRecord } from './resource-records';
import {
  gunzipRecord,
  parseWarc,
  pseudoRandomBytes,
  sameBytes,
  sampleMetadata,
  sha256,
} from './test-utils';
import { buildWarcinfo } from './warcinfo';

const PAGE = sampleMetadata.requestedUrl;

describe('buildResourceRecord', () => {
  it('stores the body byte-identical under its urn: URI with digests and links', async () => {
    const png = pseudoRandomBytes(200_000);
    const res = {
      uri: `urn:view:${PAGE}`,
      contentType: 'image/png',
      body: new Blob([png]),
      createdAt: Date.UTC(2024, 4, 17, 10, 20, 40, 5),
    };
    const built = await buildResourceRecord(res, {
      concurrentTo: '<urn:uuid:11111111-1111-4111-8111-111111111111>',
      refersTo: '<urn:uuid:22222222-2222-4222-8222-222222222222>',
    });
    expect(built).toMatchObject({
      warcType: 'resource',
      url: res.uri,
      date: '2024-05-17T10:20:40.005Z',
      mime: 'image/png',
      payloadLength: png.length,
      payloadDigest: sha256(png),
    });
    const [parsed] = await parseWarc(built.blob);
    expect(sameBytes(parsed!.payload, png)).toBe(true);
    expect(parsed!.warc('WARC-Target-URI')).toEqual([res.uri]);
    expect(parsed!.warc('Content-Type')).toEqual(['image/png']);
    expect(parsed!.warc('WARC-Payload-Digest')).toEqual([sha256(png)]);
    expect(parsed!.warc('WARC-Block-Digest')).toEqual([sha256(png)]);
    // WARC 1.1 forbids WARC-Refers-To on resource records: both links are Concurrent-To.
    expect(parsed!.warc('WARC-Refers-To')).toEqual([]);
    expect(parsed!.warc('WARC-Concurrent-To')).toEqual([
      '<urn:uuid:11111111-1111-4111-8111-111111111111>',
      '<urn:uuid:22222222-2222-4222-8222-222222222222>',
    ]);
  });

  it('keeps the parameters of the content type in the header but not in mime', async () => {
    const built = await buildResourceRecord({
      uri: `urn:text:${PAGE}`,
      contentType: 'text/plain; charset=utf-8',
      body: new Blob(['page text']),
      createdAt: 0,
    });
    expect(built.mime).toBe('text/plain');
    const raw = await gunzipRecord(built.blob);
    expect(raw.warcHeaderLines).toContain('Content-Type: text/plain; charset=utf-8');
    expect(new TextDecoder().decode(raw.block)).toBe('page text');
  });
});

describe('buildMetadataRecord', () => {
  it('writes the capture metadata as JSON', async () => {
    const built = await buildMetadataRecord(sampleMetadata, {
      concurrentTo: '<urn:uuid:33333333-3333-4333-8333-333333333333>',
    });
    expect(built).toMatchObject({
      warcType: 'metadata',
      url: PAGE,
      date: '2024-05-17T10:20:30.000Z',
      mime: 'application/json',
    });
    const [parsed] = await parseWarc(built.blob);
    expect(JSON.parse(new TextDecoder().decode(parsed!.payload))).toEqual(sampleMetadata);
    expect(parsed!.warc('Content-Type')).toEqual(['application/json']);
    expect(parsed!.warc('WARC-Concurrent-To')).toEqual([
      '<urn:uuid:33333333-3333-4333-8333-333333333333>',
    ]);
    expect(parsed!.warc('WARC-Payload-Digest')).toEqual([sha256(parsed!.payload)]);
    expect(built.payloadLength).toBe(parsed!.payload.length);
  });

  it('uses the given target URI', async () => {
    const built = await buildMetadataRecord(sampleMetadata, { targetUri: `urn:pageinfo:${PAGE}` });
    expect(built.url).toBe(`urn:pageinfo:${PAGE}`);
  });
});

describe('buildWarcinfo', () => {
  it('writes warc-fields with the file name, software, and a block digest', async () => {
    const built = await buildWarcinfo({
      filename: 'cairn-example.com-20240517-102030.warc.gz',
      software: 'Cairn 0.1.0',
      isPartOf: 'My folder\r\nInjected: x',
      description: 'A capture',
      extra: { 'http-header-user-agent': 'Mozilla/5.0 Test', 'bad name': 'skipped' },
      date: new Date(Date.UTC(2024, 4, 17, 10, 20, 30)),
    });
    expect(built.warcType).toBe('warcinfo');
    expect(built.date).toBe('2024-05-17T10:20:30.000Z');
    expect(built.url).toBeUndefined();
    const raw = await gunzipRecord(built.blob);
    expect(raw.warcHeaderLines).toContain(
      'WARC-Filename: cairn-example.com-20240517-102030.warc.gz',
    );
    expect(raw.warcHeaderLines).toContain('Content-Type: application/warc-fields');
    expect(raw.warcHeaderLines).toContain(`WARC-Block-Digest: ${sha256(raw.block)}`);
    expect(new TextDecoder().decode(raw.block).split('\r\n')).toEqual([
      'software: Cairn 0.1.0',
      'format: WARC File Format 1.1',
      'conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/',
      'isPartOf: My folder Injected: x',
      'description: A capture',
      'http-header-user-agent: Mozilla/5.0 Test',
      '',
    ]);
  });
});
