import type { PermaArchive } from './perma-client';

/**
 * One create attempt of an outbox entry, as the client's clock saw it: `from` just before the
 * request went out, `to` once it ended (answered, failed or cut off). A worker that died mid
 * request leaves `to` unset.
 */
export interface AttemptWindow {
  from: number;
  to?: number;
}

/** What a remote copy must agree with to be a local archive's own. */
export interface LocalSide {
  url: string;
  isPrivate: boolean;
  title?: string;
  notes?: string;
  /** The entry's create attempts: a copy must have been created during one of them. */
  windows: AttemptWindow[];
  /**
   * How far a copy's time may lie outside the windows (default CLOCK_SKEW_MS, for windows in
   * our clock; 0 for windows already in the server's clock).
   */
  skewMs?: number;
}

/**
 * Another local archive of the same URL in the same folder whose create outcome is unknown:
 * a copy it may have made must not be taken (or deleted) by this one.
 */
export type Rival = LocalSide;

/** How the copies found on the server relate to the archive. */
export type Recovery =
  | { kind: 'none' }
  /** `keep` is the archive's copy; `spares` were made by repeated requests and are its too. */
  | { kind: 'found'; keep: PermaArchive; spares: PermaArchive[] }
  /** Several local archives may own these: none is guessed, the user decides. */
  | { kind: 'ambiguous'; candidates: PermaArchive[] };

/** Tolerance for the difference between our clock and the server's, ms. */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** How long an attempt whose end was never recorded may have run (the create timeout), ms. */
export const OPEN_ATTEMPT_MS = 2 * 60_000;

/** The span [start, end] of a side's windows, widened by its clock skew, for the list query. */
export function windowSpan(side: Pick<LocalSide, 'windows' | 'skewMs'>): {
  min: number;
  max: number;
} {
  const skew = side.skewMs ?? CLOCK_SKEW_MS;
  const min = Math.min(...side.windows.map((w) => w.from)) - skew;
  const max = Math.max(...side.windows.map((w) => w.to ?? w.from + OPEN_ATTEMPT_MS)) + skew;
  return { min, max };
}

function inWindows(at: number, side: LocalSide): boolean {
  const skew = side.skewMs ?? CLOCK_SKEW_MS;
  return side.windows.some(
    (w) => at >= w.from - skew && at <= (w.to ?? w.from + OPEN_ATTEMPT_MS) + skew,
  );
}

/**
 * Whether a remote copy's privacy fits a local archive: a private archive only ever matches a
 * private copy. A public one matches a public copy, or a private one that its Perma
 * organisation made private on create (A7, default_to_private).
 */
export function privacyFits(localPrivate: boolean, remote: PermaArchive): boolean {
  if (localPrivate) return remote.is_private === true;
  if (!remote.is_private) return true;
  return remote.organization?.default_to_private === true && remote.private_reason === 'user';
}

const createdAt = (a: PermaArchive) => Date.parse(a.creation_timestamp);

/** Whether a live copy could have been made by one of this side's create attempts. */
function fits(side: LocalSide, a: PermaArchive): boolean {
  const title = side.title?.slice(0, 2100);
  return (
    !a.user_deleted &&
    a.url === side.url.slice(0, 2100) &&
    privacyFits(side.isPrivate, a) &&
    (title === undefined || a.title === title) &&
    (side.notes === undefined || a.notes === undefined || a.notes === side.notes) &&
    inWindows(createdAt(a), side)
  );
}

/**
 * Decides which of the copies listed in the archive's Perma folder (same URL) are the
 * archive's own after creates whose answers were lost (server-apis.md A9). A copy qualifies
 * when it is live, not linked to another local archive, has the archive's URL, privacy, title
 * and notes, and was created within one of its attempts. When a rival archive could have made
 * a qualifying copy, or another archive's open review lists it, nothing is decided. Otherwise the oldest copy is kept and any others are
 * spares made by a repeated request (ours after a lost answer, or the browser's resend).
 */
export function matchRemoteCopies(input: {
  found: PermaArchive[];
  local: LocalSide;
  taken: ReadonlySet<string>;
  rivals: Rival[];
  /** Copies another archive's open review lists: never taken or deleted without the user. */
  inReview: ReadonlySet<string>;
}): Recovery {
  const candidates = input.found
    .filter((a) => !input.taken.has(a.guid) && fits(input.local, a))
    .sort((a, b) => createdAt(a) - createdAt(b) || a.guid.localeCompare(b.guid));
  if (candidates.length === 0) return { kind: 'none' };
  const contested = candidates.some(
    (a) => input.inReview.has(a.guid) || input.rivals.some((r) => fits(r, a)),
  );
  if (contested) return { kind: 'ambiguous', candidates };
  const [keep, ...spares] = candidates;
  return { kind: 'found', keep: keep!, spares };
}
