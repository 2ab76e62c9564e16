import { ArchiveRequest } from '@webrecorder/wabac';
import { Collection } from '@webrecorder/wabac/swlib';
import wombatScript from '@webrecorder/wombat/dist/wombat.js?raw';
import wombatWorkersScript from '@webrecorder/wombat/dist/wombatWorkers.js?raw';
import { getArchive } from '../db/repos/archives';
import { ArchiveStore } from './archive-store';
import { notArchivedPage } from './not-archived-page';
import { REPLAY_PREFIX, REPLAY_STATIC_PREFIX } from './replay-url';

/** A request the replay frame made, as the DevTools protocol reports it. */
export interface ReplayRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The request body (forms, fetch POSTs). */
  body?: Uint8Array;
  /** CDP resource type: 'Document', 'Script', 'Image', 'XHR', 'Fetch', ... */
  resourceType: string;
}

/**
 * The Content-Security-Policy of every replayed response: scripts may run inline (archived
 * pages need it), but every fetch, frame, image and form stays on the replay origin or in
 * data:/blob: URLs. No ws:, wss: or other origin, so a replayed page cannot reach the network
 * even if a URL escaped wabac.js's rewriting.
 */
export const REPLAY_CSP =
  "default-src 'unsafe-eval' 'unsafe-inline' 'self' data: blob: mediastream:; " +
  "form-action 'self'; object-src 'none'";

const STATIC_FILES: Record<string, string> = {
  'wombat.js': wombatScript,
  'wombatWorkers.js': wombatWorkersScript,
};

/**
 * wabac.js reads `destination`, `mode` and `referrer` from the fetch event's request; CDP
 * reports them separately, and a Request built here could not carry them (its mode is always
 * 'cors', which wabac.js takes for script-made requests whose HTML must not be rewritten).
 */
class PausedArchiveRequest extends ArchiveRequest {
  constructor(
    wbUrl: string,
    request: Request,
    private readonly kind: RequestDestination,
    private readonly referer: string,
    resourceType: string,
  ) {
    super(wbUrl, request);
    this.mode = MODES[resourceType] ?? 'no-cors';
  }
  override get destination(): RequestDestination {
    return this.kind;
  }
  override get referrer(): string {
    return this.referer;
  }
}

const DESTINATIONS: Record<string, RequestDestination> = {
  Document: 'document',
  Script: 'script',
  Stylesheet: 'style',
  Image: 'image',
  Font: 'font',
  Media: 'video',
  Manifest: 'manifest',
};

/** The request mode a page's request of this CDP resource type has. */
const MODES: Record<string, RequestMode> = {
  Document: 'navigate',
  XHR: 'cors',
  Fetch: 'cors',
  EventSource: 'cors',
};

/**
 * Answers the replay frame's requests with wabac.js: one collection per archive, each over
 * an ArchiveStore.
 */
export function createReplayHandler(): (request: ReplayRequest) => Promise<Response> {
  const collections = new Map<string, Promise<Collection | undefined>>();

  const collectionFor = (archiveId: string) => {
    let entry = collections.get(archiveId);
    if (!entry) {
      entry = getArchive(archiveId).then((archive) =>
        archive
          ? new Collection(
              {
                name: archive.id,
                type: 'cairn',
                store: new ArchiveStore(archive),
                config: { dbname: '', sourceUrl: '', extraConfig: { csp: REPLAY_CSP } },
              },
              { static: REPLAY_STATIC_PREFIX, root: '', main: REPLAY_PREFIX, proxy: '', api: '' },
            )
          : undefined,
      );
      collections.set(archiveId, entry);
    }
    return entry;
  };

  return async (request) => {
    const headers = requestHeaders(request.headers);
    // An archived page must not install a service worker on the replay origin: it would
    // outlive the page and could answer for every archive replayed after it.
    if (headers.get('service-worker') === 'script') {
      return new Response('', { status: 403 });
    }
    if (request.url.startsWith(REPLAY_STATIC_PREFIX)) {
      const script = STATIC_FILES[request.url.slice(REPLAY_STATIC_PREFIX.length)];
      if (script === undefined) return new Response('', { status: 404 });
      return new Response(script, {
        headers: { 'Content-Type': 'application/javascript; charset=utf-8' },
      });
    }
    const rest = request.url.slice(REPLAY_PREFIX.length);
    const slash = rest.indexOf('/');
    const archiveId = slash > 0 ? rest.slice(0, slash) : '';
    const collection = request.url.startsWith(REPLAY_PREFIX)
      ? await collectionFor(archiveId)
      : undefined;
    if (!collection) return notArchivedPage(request.url);

    const body =
      request.body && request.method !== 'GET' && request.method !== 'HEAD'
        ? request.body
        : undefined;
    const live = new Request(request.url, {
      method: request.method,
      headers,
      body: body as BodyInit | undefined,
    });
    const destination = DESTINATIONS[request.resourceType] ?? ('' as RequestDestination);
    const archiveRequest = new PausedArchiveRequest(
      rest.slice(slash + 1),
      live,
      destination,
      headers.get('referer') ?? '',
      request.resourceType,
    );
    // wabac.js only uses the event to extend a service worker's life; there is none here.
    const event = { request: live, waitUntil: () => undefined } as unknown as Parameters<
      Collection['handleRequest']
    >[1];
    return collection.handleRequest(archiveRequest, event);
  };
}

function requestHeaders(headers: Record<string, string>): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    // Headers a page may not set (Cookie, Referer, ...) are refused by the Headers class in
    // some contexts; replay does not need them.
    try {
      out.set(name, value);
    } catch {
      continue;
    }
  }
  return out;
}
