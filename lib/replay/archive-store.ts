import { ArchiveResponse, type ArchiveRequest } from '@webrecorder/wabac';
import type { RecordRow } from '../db/entities';
import { findResponseByDigest } from '../db/repos/records';
import { archivesAtUrl, responsesForUrl } from '../db/repos/replay-records';
import { notArchivedPage } from './not-archived-page';
import { readStoredResponse, type StoredResponse } from './stored-response';
import { replayUrl } from './replay-url';

/** The archive a store answers from. */
export interface StoreArchive {
  id: string;
  createdAt: number;
}

/**
 * wabac.js's collection store over Cairn's own records: each lookup reads the index rows of
 * one archive ([archiveId+url]) and parses only the record it answers with. Nothing is copied
 * or indexed a second time. wabac.js rewrites what this returns.
 */
export class ArchiveStore {
  /**
   * The last response read: a video or audio player asks for one record part by part (range
   * requests), and each part would otherwise gunzip and parse the whole record again.
   */
  private last?: { key: number; response: Promise<StoredResponse | undefined> };

  constructor(private readonly archive: StoreArchive) {}

  private read(row: RecordRow): Promise<StoredResponse | undefined> {
    if (row.id !== undefined && this.last?.key === row.id) return this.last.response;
    const response = readStoredResponse(row, (revisit) =>
      revisit.payloadDigest
        ? findResponseByDigest(this.archive.id, revisit.payloadDigest)
        : Promise.resolve(undefined),
    );
    if (row.id !== undefined) {
      const entry = { key: row.id, response };
      this.last = entry;
      // A failed read is not remembered: the next request tries again.
      response.catch(() => {
        if (this.last === entry) this.last = undefined;
      });
    }
    return response;
  }

  /** The archived response for `request`, a redirect to another capture, or null (404). */
  async getResource(request: ArchiveRequest): Promise<ArchiveResponse | Response | null> {
    // wabac.js turns a POST into a GET of the URL with its body appended as a query
    // (`?__wb_method=post&...`); Cairn indexes records by the URL the page posted to.
    const url = request.url.replace(/[?&]__wb_method=.*$/, '');
    for (const candidate of addressVariants(url)) {
      const rows = await responsesForUrl(this.archive.id, candidate);
      const row = pickRecord(rows);
      if (!row) continue;
      const stored = await this.read(row);
      if (!stored) continue;
      return new ArchiveResponse({
        payload: stored.payload,
        status: stored.status,
        statusText: stored.statusText,
        headers: stored.headers,
        url: candidate,
        date: stored.date,
      });
    }
    if (!isDocument(request)) return null;
    // A link to a page this archive does not hold: the capture of that page nearest in time,
    // if the user archived it on its own, else an honest "not archived".
    const other = (await archivesAtUrl(url, this.archive.createdAt)).find(
      (a) => a.id !== this.archive.id,
    );
    if (other) return Response.redirect(replayUrl(other.id, url, other.createdAt), 302);
    return notArchivedPage(url);
  }

  getAllPages(): Promise<unknown[]> {
    return Promise.resolve([]);
  }

  delete(): Promise<void> {
    return Promise.resolve();
  }
}

function isDocument(request: ArchiveRequest): boolean {
  return request.destination === 'document' || request.destination === 'iframe';
}

/**
 * The first complete record, else the first one. A URL fetched twice in one capture (a
 * reload, a retry) has the same content in practice; a cut-off copy is only a last resort.
 */
function pickRecord(rows: RecordRow[]): RecordRow | undefined {
  return rows.find((r) => !r.truncated) ?? rows[0];
}

/**
 * The exact address first, then the spellings a page and its server treat as the same
 * resource: with or without a trailing slash, and the other scheme (pages archived over https
 * link to http and the reverse).
 */
export function addressVariants(url: string): string[] {
  const out = [url];
  const add = (u: string) => {
    if (!out.includes(u)) out.push(u);
  };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return out;
  }
  if (!parsed.search) {
    add(url.endsWith('/') ? url.slice(0, -1) : `${url}/`);
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    const other = parsed.protocol === 'http:' ? 'https:' : 'http:';
    for (const u of [...out]) add(other + u.slice(parsed.protocol.length));
  }
  return out;
}
