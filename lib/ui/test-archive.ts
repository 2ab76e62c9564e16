import type { ArchiveRow } from '../db/entities';

/** An archive row for component tests, complete unless `patch` says otherwise. */
export function testArchive(patch: Partial<ArchiveRow> = {}): ArchiveRow {
  return {
    id: 'a1',
    url: 'https://example.test/page',
    title: 'Example page',
    notes: '',
    folderId: 'f1',
    isPrivate: false,
    status: 'complete',
    trigger: 'action',
    createdAt: Date.UTC(2026, 11, 1, 9, 30),
    updatedAt: Date.UTC(2026, 11, 1, 9, 30),
    endedAt: Date.UTC(2026, 11, 1, 9, 30, 4),
    size: 20_480,
    recordCount: 8,
    responseCount: 3,
    ...patch,
  };
}
