import type { Exchange } from './types';

/**
 * What a recording knows of its top frame's document: which request loads it, whether that
 * request was answered, and what was stored of it (status, PDF or not, truncation, bytes).
 * The outcome (an HTTP error page, a PDF shown in the viewer, a download cut at the cap)
 * is judged from it. Kept apart from the Recorder so a recording of several pages can hold
 * one per page.
 */
export class MainDocument {
  /** Network request id of the current top document. */
  private requestId?: string;
  /** The current top document's request got a response. */
  responded = false;
  /** A top document was handed to the sink. */
  stored = false;
  /** HTTP status of the stored document. */
  status?: number;
  isPdf = false;
  cut?: 'length' | 'disconnect';
  bytes = 0;

  /** A new top document request started: it is the one followed from now on. */
  requested(requestId: string): void {
    this.requestId = requestId;
    this.responded = false;
  }

  /** Whether a request id is the current top document's. */
  is(requestId: string): boolean {
    return requestId === this.requestId;
  }

  /** A response arrived; marks the document answered when it is its request's. */
  responseReceived(requestId: string): void {
    if (this.is(requestId)) this.responded = true;
  }

  /** The document's exchange was handed to the sink. */
  storedAs(exchange: Exchange): void {
    this.stored = true;
    this.status = exchange.response.status;
    this.isPdf = exchange.response.mimeType === 'application/pdf';
    this.cut = exchange.response.body?.truncated;
    this.bytes = exchange.response.body?.length ?? 0;
  }
}
