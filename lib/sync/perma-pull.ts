import { getArchive, isTrashed, updateArchive } from '../db/repos/archives';
import { ensureFolderPath } from '../db/repos/folder-ops';
import { ensureDefaultFolder, getFolder } from '../db/repos/folders';
import { getRemoteFolder, localFoldersOf, setRemoteFolder } from '../db/repos/remote-folders';
import { listSyncStatesOfServer, getSyncState, setSyncState } from '../db/repos/sync-states';
import { importWarcs } from '../exchange/warc-import';
import { t } from '../i18n';
import type { ServerConfig } from '../storage/sync-types';
import type { PermaArchive, PermaClient } from './perma-client';
import { personalFolderOf, walkPermaFolders } from './perma-folders';
import { isSyncError, SyncError } from './sync-error';

/** One Perma archive as "Import from Perma" lists it. */
export interface PullArchive {
  guid: string;
  url: string;
  title: string;
  /** Perma's creation time, epoch ms. */
  createdAt: number;
  isPrivate: boolean;
  /** The local archive already linked to it: it is never imported twice. */
  linkedArchiveId?: string;
  /** Why it cannot be imported now, a sentence (no WARC yet, capture failed). */
  unavailable?: string;
}

/** A Perma folder with the archives directly in it. */
export interface PullFolder {
  /** Perma folder id. */
  id: number;
  /** Names from the top-level folder down to this one. */
  path: string[];
  /** The user's personal top-level folder ("Personal Links"), or one below it. */
  personal: boolean;
  archives: PullArchive[];
}

/** The user's Perma archives by folder, plus those found in no folder the walk reached. */
export interface PullListing {
  folders: PullFolder[];
  other: PullArchive[];
}

/** Where a pulled archive goes: the Perma folder it was listed in, if any. */
export interface PullPlace {
  folderId?: number;
  path: string[];
  personal: boolean;
}

/** What pulling one archive did. */
export type PullOutcome =
  | { kind: 'imported'; archiveId: string; title: string }
  | { kind: 'linked'; archiveId: string; title: string };

/** Local archive id by GUID, for every archive linked to this server. */
async function linkedGuids(serverId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const state of await listSyncStatesOfServer(serverId)) {
    if (state.remoteId) out.set(state.remoteId.toUpperCase(), state.archiveId);
  }
  return out;
}

/** Why an archive has no WARC to download yet, or undefined when it has one. */
function unavailableReason(archive: PermaArchive): string | undefined {
  if (archive.warc_download_url) return undefined;
  const primary = archive.captures?.find((c) => c.role === 'primary');
  return primary?.status === 'failed' ? t('permaPullCaptureFailed') : t('permaPullNoWarcYet');
}

function describe(archive: PermaArchive, linked: Map<string, string>): PullArchive {
  return {
    guid: archive.guid,
    url: archive.url,
    title: archive.title,
    createdAt: Date.parse(archive.creation_timestamp),
    isPrivate: Boolean(archive.is_private),
    linkedArchiveId: linked.get(archive.guid.toUpperCase()),
    unavailable: unavailableReason(archive),
  };
}

/**
 * Lists the user's Perma archives for "Import from Perma": the folder tree from the paginated
 * top-level list (`/v1/folders/`) down, each folder's own archives (`/v1/folders/{id}/
 * archives/`, which leaves out subfolders'), then `/v1/archives/` for any the walk did not
 * reach. Each says whether a local archive is already linked to it and whether it has a WARC.
 * A folder the user may not read (403) is left out rather than failing the whole list.
 */
export async function listPermaPull(client: PermaClient, serverId: string): Promise<PullListing> {
  const linked = await linkedGuids(serverId);
  const folders: PullFolder[] = [];
  const seen = new Set<string>();
  const tops = await client.listTopFolders();
  const personal = personalFolderOf(tops);
  await walkPermaFolders(client, tops, async (folder, path, top) => {
    let archives: PermaArchive[];
    try {
      archives = await client.listFolderArchives(folder.id);
    } catch (error) {
      // Not the user's to read: left out with what is below it.
      if (isSyncError(error) && error.details.status === 403) return false;
      throw error;
    }
    const listed = archives.filter((a) => !a.user_deleted && !seen.has(a.guid));
    for (const a of listed) seen.add(a.guid);
    folders.push({
      id: folder.id,
      path,
      personal: top === personal,
      archives: listed.map((a) => describe(a, linked)),
    });
  });
  const other = (await client.listArchives())
    .filter((a) => !a.user_deleted && !seen.has(a.guid))
    .map((a) => describe(a, linked));
  return { folders: folders.filter((f) => f.archives.length > 0), other };
}

/**
 * The local folder for archives of a Perma folder: the one already mapped to it for this
 * server; else the same path of names, found or created, with Perma's personal top folder
 * standing for the local default folder. A folder it creates is mapped to the Perma folder,
 * so syncing it later sends its archives back to the same place.
 */
async function localFolderFor(serverId: string, place: PullPlace): Promise<string> {
  if (place.folderId !== undefined) {
    for (const id of await localFoldersOf(serverId, String(place.folderId))) {
      if (await getFolder(id)) return id;
    }
  }
  const root = (await ensureDefaultFolder()).id;
  const folderId =
    place.path.length === 0
      ? root
      : place.personal
        ? await ensureFolderPath(place.path.slice(1), root)
        : await ensureFolderPath(place.path);
  if (place.folderId !== undefined && !(await getRemoteFolder(serverId, folderId))) {
    await setRemoteFolder(serverId, folderId, String(place.folderId));
  }
  return folderId;
}

/** A SyncError of the download or lookup, in the words of this feature. */
function pullError(error: unknown): unknown {
  if (!isSyncError(error)) return error;
  if (error.details.status === 404)
    return new SyncError('validation', 'perma-pull-gone', t('permaPullGone'));
  if (error.details.status === 403)
    return new SyncError('permission', 'perma-pull-forbidden', t('permaPullForbidden'));
  return error;
}

/**
 * Imports one Perma archive into the library: its WARC downloaded (the key in the header)
 * and stored byte for byte, in the local folder matching its Perma folder, with Perma's
 * title, notes and private flag, and linked to its GUID as synced, so it is never sent back
 * as a new archive. An archive already linked is not imported again. When the same capture
 * is already in the library (imported from a file), that archive is linked instead, if its
 * private flag matches; a link across privacy would later make one side follow the other.
 */
export async function pullPermaArchive(
  client: PermaClient,
  server: Pick<ServerConfig, 'id' | 'name'>,
  guid: string,
  place: PullPlace,
): Promise<PullOutcome> {
  const already = (await linkedGuids(server.id)).get(guid.toUpperCase());
  const alreadyRow = already ? await getArchive(already) : undefined;
  if (already && alreadyRow) return { kind: 'linked', archiveId: already, title: alreadyRow.title };

  let remote: PermaArchive;
  let blob: Blob;
  try {
    remote = await client.getArchive(guid);
    if (remote.user_deleted)
      throw new SyncError('validation', 'perma-pull-gone', t('permaPullGone'));
    const unavailable = unavailableReason(remote);
    if (unavailable) throw new SyncError('validation', 'perma-pull-unavailable', unavailable);
    blob = await client.downloadWarc(guid);
  } catch (error) {
    throw pullError(error);
  }
  const isPrivate = Boolean(remote.is_private);
  const folderId = await localFolderFor(server.id, place);
  const outcome = await importWarcs([{ blob, name: `${remote.guid}.warc.gz` }], {
    folderId,
    isPrivate,
    label: t('permaPullLabel', [server.name, remote.guid]),
  });
  let row = await getArchive(outcome.archiveId);
  if (!row) throw new SyncError('validation', 'perma-pull-gone', t('permaPullGone'));
  if (outcome.kind === 'duplicate') {
    const other = await getSyncState(row.id, server.id);
    if (other?.remoteId && other.remoteId.toUpperCase() !== remote.guid.toUpperCase()) {
      throw new SyncError(
        'validation',
        'perma-pull-duplicate',
        t('permaPullDuplicateLinked', [row.title, other.remoteId]),
      );
    }
    if (row.isPrivate !== isPrivate || isTrashed(row)) {
      throw new SyncError(
        'validation',
        'perma-pull-duplicate',
        t('permaPullDuplicateDiffers', [row.title]),
      );
    }
  } else {
    await updateArchive(row.id, {
      title: remote.title || row.title,
      notes: remote.notes ?? '',
    });
    // Read again for the version the edit gave it.
    row = (await getArchive(row.id))!;
  }
  await setSyncState(row.id, server.id, {
    state: 'synced',
    remoteId: remote.guid,
    remoteUrl: client.archiveLink(remote.guid),
    remoteCreatedAt: Date.parse(remote.creation_timestamp),
    // What the server has is what the library now has: no update to send.
    archiveVersion: row.updatedAt,
    error: undefined,
    errorCode: undefined,
  });
  return {
    kind: outcome.kind === 'duplicate' ? 'linked' : 'imported',
    archiveId: row.id,
    title: row.title,
  };
}
