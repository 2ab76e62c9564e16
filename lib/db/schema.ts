import Dexie, { type EntityTable } from 'dexie';
import type {
  ArchiveRow,
  FolderRow,
  OutboxRow,
  PageTextRow,
  RecordRow,
  RemoteFolderRow,
  SearchTermsRow,
  SyncStateRow,
  ThumbnailRow,
  TrashedFolderRow,
} from './entities';
import { searchTermsOf } from './search-terms';

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
  searchTerms!: EntityTable<SearchTermsRow, 'archiveId'>;
  syncStates!: Dexie.Table<SyncStateRow, [string, string]>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  remoteFolders!: Dexie.Table<RemoteFolderRow, [string, string]>;
  trashedFolders!: EntityTable<TrashedFolderRow, 'id'>;
  thumbnails!: EntityTable<ThumbnailRow, 'archiveId'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      folders: 'id, parentId, [parentId+name]',
      archives: 'id, folderId, [folderId+createdAt], createdAt, status, url',
      // [archiveId+payloadDigest] finds the first copy of a payload for revisit records.
      records: '++id, archiveId, [archiveId+seq], [archiveId+payloadDigest], [archiveId+url]',
      texts: 'archiveId',
    });
    // v2: search index, sync state per server, the sync outbox and folder mappings.
    this.version(2)
      .stores({
        searchTerms: 'archiveId, *terms',
        syncStates: '[archiveId+serverId], serverId, [serverId+state]',
        outbox: '++id, [serverId+dueAt], archiveId, dueAt',
        remoteFolders: '[serverId+folderId], serverId',
      })
      .upgrade(async (tx) => {
        // Archives captured under v1 become searchable: index their title, URL and text.
        const texts = new Map<string, string>();
        await tx.table<PageTextRow>('texts').each((row) => texts.set(row.archiveId, row.text));
        const rows: SearchTermsRow[] = [];
        await tx.table<ArchiveRow>('archives').each((archive) => {
          rows.push({
            archiveId: archive.id,
            terms: searchTermsOf({ ...archive, text: texts.get(archive.id) }),
          });
        });
        await tx.table<SearchTermsRow>('searchTerms').bulkPut(rows);
      });
    // v3: archive counts stored on folder rows (not indexed, so no store changes), so the
    // folder tree reads them instead of counting per folder. Fill them once for old rows.
    this.version(3)
      .stores({})
      .upgrade(async (tx) => {
        // One scan of the folderId index; trashed archives have 'trash:' keys, so they match
        // no folder id and are not counted.
        const counts = new Map<string, number>();
        await tx
          .table<ArchiveRow>('archives')
          .orderBy('folderId')
          .eachKey((key) => counts.set(String(key), (counts.get(String(key)) ?? 0) + 1));
        await tx
          .table<FolderRow>('folders')
          .toCollection()
          .modify((folder) => {
            folder.archiveCount = counts.get(folder.id) ?? 0;
          });
      });
    // v4: folders by creation time, so the default folder (the oldest top-level one) is found
    // from the oldest few rows instead of reading every folder on each popup open.
    this.version(4).stores({
      folders: 'id, parentId, [parentId+name], createdAt',
    });
    // v5: the Trash keeps folders deleted with their contents (restored with their nesting,
    // purged after 30 days); their archives are trashed in place, as single deletes are.
    this.version(5).stores({
      trashedFolders: 'id, trashRootId, trashedAt',
    });
    // Notes became searchable: archives with notes get their terms again.
    this.version(6)
      .stores({})
      .upgrade(async (tx) => {
        const texts = tx.table<PageTextRow>('texts');
        const rows: SearchTermsRow[] = [];
        await tx.table<ArchiveRow>('archives').each((archive) => {
          if (archive.notes) rows.push({ archiveId: archive.id, terms: [] });
        });
        const archives = tx.table<ArchiveRow>('archives');
        for (const row of rows) {
          const archive = (await archives.get(row.archiveId))!;
          const text = (await texts.get(row.archiveId))?.text;
          row.terms = searchTermsOf({ ...archive, text });
        }
        if (rows.length > 0) await tx.table<SearchTermsRow>('searchTerms').bulkPut(rows);
      });
    // v7: list rows lead with a thumbnail of the screenshot, made once and kept here.
    this.version(7).stores({
      thumbnails: 'archiveId',
    });
  }
}

let shared: CairnDb | undefined;

/** The database instance shared by every repository in this context (opened lazily). */
export function getDb(): CairnDb {
  shared ??= new CairnDb();
  return shared;
}

/**
 * Starts opening the shared database now. Pages call it before their first render: opening
 * takes some 20-30 ms of browser-process time, which then overlaps the render instead of
 * delaying the first query. A failure also fails that query, which reports it; here it is
 * only logged.
 */
export function openDbEarly(): void {
  getDb()
    .open()
    // For bench/library's breakdown of the popup's opening (DevTools shows it too).
    .then(() => performance.mark('cairn:db'))
    .catch((error: unknown) => console.warn('[cairn] opening the database failed', error));
}

/** Replaces the shared instance; tests use it to start from an empty database. */
export function setDbForTests(db: CairnDb | undefined): void {
  shared = db;
}
