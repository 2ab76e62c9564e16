/**
 * A CaptureSink that keeps everything in memory, for tests.
 */
import type { CaptureProgress, CaptureSink } from '../../lib/capture/transport';
import type { CaptureMetadata, CaptureResource, Exchange } from '../../lib/capture/types';

/** Collects what the recorder hands over; `delayMs` makes every write slow. */
export class MemorySink implements CaptureSink {
  readonly exchanges: Exchange[] = [];
  readonly resources: CaptureResource[] = [];
  metadataRecord?: CaptureMetadata;
  readonly progressLog: CaptureProgress[] = [];
  /** Order of calls, to check metadata comes last. */
  readonly calls: string[] = [];

  constructor(private readonly opts: { delayMs?: number; failExchangeAt?: number } = {}) {}

  async exchange(exchange: Exchange): Promise<void> {
    this.calls.push('exchange');
    if (this.opts.delayMs) await new Promise((r) => setTimeout(r, this.opts.delayMs));
    if (this.opts.failExchangeAt === this.exchanges.length) throw new Error('disk full');
    this.exchanges.push(exchange);
  }

  async resource(resource: CaptureResource): Promise<void> {
    this.calls.push('resource');
    this.resources.push(resource);
  }

  async metadata(metadata: CaptureMetadata): Promise<void> {
    this.calls.push('metadata');
    this.metadataRecord = metadata;
  }

  progress(progress: CaptureProgress): void {
    this.progressLog.push(progress);
  }

  /** Exchanges whose request URL ends with `suffix` (query included). */
  find(suffix: string): Exchange[] {
    return this.exchanges.filter((e) => e.request.url.endsWith(suffix));
  }

  /** The single exchange for `suffix`; throws when there is none or several. */
  one(suffix: string): Exchange {
    const found = this.find(suffix);
    if (found.length !== 1) {
      throw new Error(
        `expected one exchange for ${suffix}, got ${found.length}: ${this.exchanges.map((e) => e.request.url).join(', ')}`,
      );
    }
    return found[0]!;
  }
}

/** A header value from an exchange header list (case-insensitive, all values). */
export function headerValues(headers: Array<[string, string]>, name: string): string[] {
  return headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
}

/** Body text of an exchange. */
export async function bodyText(exchange: Exchange): Promise<string> {
  return (await exchange.response.body?.blob.text()) ?? '';
}

export const TEST_ENVIRONMENT = {
  software: 'Cairn/test',
  browserVersion: 'Chromium test',
  userAgent: 'Mozilla/5.0 (test)',
};
