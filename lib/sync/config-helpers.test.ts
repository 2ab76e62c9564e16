import { describe, expect, it } from 'vitest';
import type { FolderRow } from '../db/entities';
import { folderPath, serversOfFolder, withFolderRule } from './folder-rules';
import { checkBaseUrl, isLoopbackHost } from './server-url';
import { resumeIndex } from './warc-upload';
import { folderTag } from './archivebox-target';

const folder = (id: string, parentId: string | null, name = id): FolderRow => ({
  id,
  parentId,
  name,
  createdAt: 0,
  updatedAt: 0,
});
const tree = new Map(
  [
    folder('root', null, 'Personal Links'),
    folder('a', 'root', 'Research'),
    folder('b', 'a', 'Law, Policy'),
    folder('c', 'root'),
  ].map((f) => [f.id, f]),
);

describe('folder sync rules', () => {
  it('inherit from the nearest ancestor with a rule; no rule means local', () => {
    const rules = [
      { folderId: 'root', serverIds: ['s1'] },
      { folderId: 'a', serverIds: ['s1', 's2'] },
      { folderId: 'c', serverIds: [] },
    ];
    expect(serversOfFolder('b', tree, rules)).toEqual(['s1', 's2']);
    expect(serversOfFolder('root', tree, rules)).toEqual(['s1']);
    expect(serversOfFolder('c', tree, rules)).toEqual([]);
    expect(serversOfFolder('b', tree, [])).toEqual([]);
    expect(serversOfFolder('unknown', tree, rules)).toEqual([]);
  });
  it('replace or remove one folder’s rule', () => {
    const rules = withFolderRule([{ folderId: 'a', serverIds: ['s1'] }], 'a', ['s2', 's2']);
    expect(rules).toEqual([{ folderId: 'a', serverIds: ['s2'] }]);
    expect(withFolderRule(rules, 'a', undefined)).toEqual([]);
  });
  it('give the path from the top and the ArchiveBox tag', () => {
    expect(folderPath('b', tree).map((f) => f.name)).toEqual([
      'Personal Links',
      'Research',
      'Law, Policy',
    ]);
    expect(folderTag({ folders: tree }, 'b')).toBe('Personal Links/Research/Law  Policy');
  });
});

describe('server base URLs', () => {
  it.each([
    ['perma', 'https://api.perma.cc/v1/', 'https://api.perma.cc'],
    ['perma', ' https://perma.cc/api ', 'https://perma.cc/api'],
    ['archivebox', 'http://127.0.0.1:8000/api/v1/', 'http://127.0.0.1:8000'],
    ['archivebox', 'http://localhost:8000/api', 'http://localhost:8000'],
    ['archivebox', 'https://archive.example.org/', 'https://archive.example.org'],
  ] as const)('%s %j → %s', (kind, input, expected) => {
    expect(checkBaseUrl(kind, input)).toEqual({ ok: true, baseUrl: expected, insecure: false });
  });
  it('accepts plain HTTP to another machine only after the warning', () => {
    expect(checkBaseUrl('archivebox', 'http://nas.local:8000')).toMatchObject({
      ok: false,
      code: 'insecure-http',
    });
    expect(checkBaseUrl('archivebox', 'http://nas.local:8000', true)).toMatchObject({
      ok: true,
      insecure: true,
    });
  });
  it.each([
    'ftp://x',
    'not a url',
    'https://user:pw@x.test',
    'https://x.test/?api_key=abc',
    'https://x.test/#k',
  ])('refuses %j', (input) => {
    expect(checkBaseUrl('perma', input)).toMatchObject({ ok: false, code: 'invalid-url' });
  });
  it('knows loopback hosts', () => {
    expect(
      ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'archivebox.localhost'].every(
        isLoopbackHost,
      ),
    ).toBe(true);
    expect(isLoopbackHost('10.0.0.1')).toBe(false);
  });
});

describe('resumeIndex (ArchiveBox chunked upload)', () => {
  const total = 1000;
  const chunk = 256; // 4 chunks
  it.each([
    ['nothing uploaded', undefined, 0],
    [
      'complete, same size',
      { size: 1000, upload: { complete: true, chunk_count: 4, chunks_received: 4 } },
      4,
    ],
    ['whole file without chunk bookkeeping', { size: 1000 }, 4],
    [
      'two chunks received',
      { size: 512, upload: { complete: false, chunk_count: 4, chunks_received: 2 } },
      2,
    ],
    [
      'other chunking',
      { size: 512, upload: { complete: false, chunk_count: 8, chunks_received: 4 } },
      0,
    ],
    [
      'size disagrees',
      { size: 500, upload: { complete: false, chunk_count: 4, chunks_received: 2 } },
      0,
    ],
    [
      'complete but another size',
      { size: 999, upload: { complete: true, chunk_count: 4, chunks_received: 4 } },
      0,
    ],
  ])('%s', (_name, file, expected) => {
    expect(resumeIndex(file, total, chunk)).toBe(expected);
  });
});
