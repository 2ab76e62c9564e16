import Dexie, { type EntityTable } from 'dexie';
import type { ArchiveRow, FolderRow, PageTextRow, RecordRow } from './entities';

/** Name of Cairn's IndexedDB database. */
export const DB_NAME = 'cairn';

/**
 * Cairn's database. Every schema version stays listed here (Dexie needs the full history
 * for upgrades) and every version with an upgrade function has a test in schema.test.ts.
 */
export class CairnDb extends Dexie {
  folders!: EntityTable<FolderRow, 'id'>;
  archives!: EntityTable<ArchiveRow, 'id'>;
  records!: EntityTable<RecordRow, 'id'>;
  texts!: EntityTable<PageTextRow, 'archiveId'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      folders: 'id, parentId, [parentId+name]',
      archives: 'id, folderId, [folderId+createdAt], createdAt, status, url',
      // [archiveId+payloadDigest] finds the first copy of a payload for revisit records.
      records: '++id, archiveId, [archiveId+seq], [archiveId+payloadDigest], [archiveId+url]',
      texts: 'archiveId',
    });
  }
}

let shared: CairnDb | undefined;

/** The database instance shared by every repository in this context (opened lazily). */
export function getDb(): CairnDb {
  shared ??= new CairnDb();
  return shared;
}

/** Replaces the shared instance; tests use it to start from an empty database. */
export function setDbForTests(db: CairnDb | undefined): void {
  shared = db;
}
