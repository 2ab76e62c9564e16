/**
 * Where replayed pages live. A reserved, never-resolving name (RFC 6761 `.invalid`): the
 * replay frame gets an origin of its own, so archived scripts have no `chrome.*` API, no
 * access to Cairn's storage and cannot script the viewer; and a request that ever escaped
 * interception would fail at DNS instead of reaching a real server.
 */
export const REPLAY_ORIGIN = 'https://replay.cairn.invalid';

/** Replayed responses: `<prefix><archiveId>/<14-digit timestamp><mod>/<archived URL>`. */
export const REPLAY_PREFIX = `${REPLAY_ORIGIN}/w/`;

/** wabac.js's client-side scripts (wombat), served from the same origin as the pages. */
export const REPLAY_STATIC_PREFIX = `${REPLAY_ORIGIN}/static/`;

/** The 14-digit WARC/Wayback timestamp (UTC) of a time in ms. */
export function replayTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[^\d]/g, '').slice(0, 14);
}

/** The replay frame URL of `url` as archived in `archiveId` (captured at `capturedAt`). */
export function replayUrl(archiveId: string, url: string, capturedAt: number): string {
  return `${REPLAY_PREFIX}${archiveId}/${replayTimestamp(capturedAt)}mp_/${url}`;
}

/** What a replay URL names, or undefined when it is not one. */
export function parseReplayUrl(
  href: string,
): { archiveId: string; timestamp: string; url: string } | undefined {
  if (!href.startsWith(REPLAY_PREFIX)) return undefined;
  const match = /^([^/]+)\/(\d*)(?:[a-z]+_)?\/(.+)$/.exec(href.slice(REPLAY_PREFIX.length));
  if (!match) return undefined;
  return { archiveId: match[1]!, timestamp: match[2]!, url: match[3]! };
}
