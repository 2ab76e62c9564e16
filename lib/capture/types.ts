/**
 * Shared types of the capture pipeline: what the recorder hands to the WARC writer.
 *
 * The recorder (lib/capture) turns Chrome DevTools Protocol traffic into `Exchange`s and
 * `CaptureResource`s; the WARC layer (lib/warc) turns those into records. Both stay pure:
 * no chrome.*, no DOM, only standard web types (Blob, Uint8Array) that Node also has.
 */

/** A header as it went over the wire; order and duplicates (Set-Cookie) are kept. */
export type HeaderList = Array<[name: string, value: string]>;

/**
 * A response body as recorded. Bodies arrive decoded from CDP (gzip/brotli already undone),
 * so the WARC writer must fix Content-Encoding / Content-Length in the stored headers.
 */
export interface RecordedBody {
  /** The decoded payload. Small bodies are one Blob; streamed bodies are a Blob of parts. */
  blob: Blob;
  /** Length of `blob` in bytes (kept to avoid touching the Blob). */
  length: number;
  /**
   * The same bytes in memory, for bodies small enough to hold (under 2 MiB). Writers read
   * these instead of the Blob: in a service worker every Blob read is a round trip to the
   * browser's blob store, and a page has hundreds of small bodies.
   */
  bytes?: Uint8Array;
  /**
   * Set when the stored body is not the whole payload: 'length' when the configured size
   * cap was hit, 'disconnect' when the stream broke. Maps to the WARC-Truncated header.
   */
  truncated?: 'length' | 'disconnect';
}

/** One HTTP request/response pair (one redirect hop is one exchange). */
export interface Exchange {
  /** CDP network request id (plus a hop suffix for redirects); unique within a capture. */
  id: string;
  /** CDP resource type: Document, Stylesheet, Image, Font, Script, XHR, Fetch, ... */
  resourceType: string;
  /** Time the request was sent, ms since the epoch (WARC-Date of both records). */
  startedAt: number;
  request: {
    method: string;
    url: string;
    /** HTTP version used on the wire, e.g. 'HTTP/1.1', 'h2'; defaults to HTTP/1.1. */
    httpVersion?: string;
    headers: HeaderList;
    /** POST/PUT body bytes, when the request carried one. */
    body?: Uint8Array;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion?: string;
    /** Response headers as received (still naming the original Content-Encoding). */
    headers: HeaderList;
    /** Decoded body; absent for bodiless responses (redirects, 204, 304, HEAD). */
    body?: RecordedBody;
    /** MIME type reported by the browser (without parameters). */
    mimeType?: string;
    /** Server IP, from CDP (WARC-IP-Address). */
    remoteIp?: string;
    /** e.g. 'h2', 'http/1.1', from CDP's response.protocol (WARC-Protocol). */
    protocol?: string;
  };
}

/** A non-HTTP item of the capture: the screenshot, the page text. */
export interface CaptureResource {
  /** e.g. `urn:view:<page url>`, `urn:text:<page url>`. */
  uri: string;
  contentType: string;
  body: Blob;
  createdAt: number;
}

/** What the metadata record of a capture says about how it was made. */
export interface CaptureMetadata {
  software: string;
  browserVersion: string;
  userAgent: string;
  viewport: { width: number; height: number; deviceScaleFactor: number };
  /** Page URL requested, and the URL the top frame ended on. */
  requestedUrl: string;
  finalUrl: string;
  title: string;
  startedAt: number;
  endedAt: number;
  /** Named timings (ms since start): load, networkIdle, scrollDone, ... */
  timings: Record<string, number>;
  /** Why the capture ended: 'idle', 'max-duration', 'stopped', 'detached', ... */
  endReason: string;
  responseCount: number;
  /** Free-form notes the recorder wants to keep (failed requests, skipped URLs). */
  notes: string[];
  /** A recording of a tab the user browsed: the pages they visited, in order. */
  pages?: RecordedPage[];
}

/** A page visited during a tab recording. */
export interface RecordedPage {
  url: string;
  title: string;
  /** When the page was opened (epoch ms). */
  ts: number;
}
