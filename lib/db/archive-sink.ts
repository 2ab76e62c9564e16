import type { CaptureSink, CaptureProgress } from '../capture/transport';
import type { CaptureMetadata, CaptureResource, Exchange } from '../capture/types';
import {
  buildExchangeRecords,
  buildMetadataRecord,
  buildResourceRecord,
  payloadDigestOf,
} from '../warc';
import { appendRecords, findResponseByDigest } from './repos/records';
import { putPageText } from './repos/texts';
import { updateCaptureState } from './repos/archives';
import { markDeflatePending } from '../storage/deflate-queue';
import { OrderedAppends, type AppendEntry, type LateEntry } from './ordered-appends';

/** How often live progress is written to the archive row (each write wakes every liveQuery). */
const PROGRESS_INTERVAL_MS = 400;

/**
 * The recorder's sink for one archive: serializes what the recorder hands over into WARC
 * records and appends them to IndexedDB at once, so a stopped worker loses nothing that was
 * already complete. Repeated identical payloads become revisit records.
 *
 * Calls may overlap (the recorder's SinkQueue runs a few at once): each exchange is hashed and
 * serialized as soon as it is handed over, and OrderedAppends stores the records in the order
 * of the calls, several calls per transaction, so a repeated payload finds its first copy
 * already stored.
 */
export function createArchiveSink(
  archiveId: string,
  hooks: { onProgress?: (progress: CaptureProgress) => void } = {},
): CaptureSink {
  let lastProgressWrite = 0;
  let deflatePending = false;
  /** Digests of whole payloads handed over so far: a second one becomes a revisit. */
  const seen = new Set<string>();
  const appends = new OrderedAppends(async (records, responses) => {
    // Noted before the stored member is written, so a worker stopped before the deflate ran
    // (deflateArchive) finds the archive again at its next start.
    if (!deflatePending && records.some((r) => r.deflateLater)) {
      deflatePending = true;
      await markDeflatePending(archiveId);
    }
    await appendRecords(archiveId, records, { responses });
  });

  /** Hashes the payload and, unless it repeats an earlier one, serializes the records. */
  async function prepare(exchange: Exchange): Promise<AppendEntry | LateEntry> {
    const body = exchange.response.body;
    if (!body || body.length === 0) {
      return {
        records: await buildExchangeRecords(exchange, { deflateLater: true }),
        responses: 1,
      };
    }
    const payloadDigest = await payloadDigestOf(body.bytes ?? body.blob);
    // A truncated copy must not stand in for a whole one, nor be deduplicated against.
    if (!body.truncated && seen.has(payloadDigest)) {
      // A repeat: built once its first copy is stored (earlier calls are stored first).
      return async () => {
        const first = await findResponseByDigest(archiveId, payloadDigest);
        const revisitOf = first?.url ? { targetUri: first.url, date: first.date } : undefined;
        const records = await buildExchangeRecords(exchange, {
          revisitOf,
          payloadDigest,
          deflateLater: true,
        });
        return { records, responses: 1 };
      };
    }
    if (!body.truncated) seen.add(payloadDigest);
    const records = await buildExchangeRecords(exchange, { payloadDigest, deflateLater: true });
    return { records, responses: 1 };
  }

  const texts = new Map<string, string>();
  return {
    exchange(exchange: Exchange) {
      return appends.add(prepare(exchange));
    },

    resource(resource: CaptureResource) {
      return appends.add(
        (async () => ({
          records: [await buildResourceRecord(resource)],
          after: resource.uri.startsWith('urn:text:')
            ? async () => {
                // A tab recording has a text per page: the archive is found by any of them.
                texts.set(resource.uri, await resource.body.text());
                await putPageText(archiveId, [...texts.values()].join('\n\n'));
              }
            : undefined,
        }))(),
      );
    },

    metadata(metadata: CaptureMetadata) {
      return appends.add(
        (async () => ({
          records: [await buildMetadataRecord(metadata, { targetUri: metadata.finalUrl })],
        }))(),
      );
    },

    progress(progress: CaptureProgress) {
      hooks.onProgress?.(progress);
      const now = Date.now();
      if (now - lastProgressWrite < PROGRESS_INTERVAL_MS && progress.phase !== 'finishing') return;
      lastProgressWrite = now;
      void updateCaptureState(archiveId, {
        phase: progress.phase,
        pending: progress.pending,
        bytes: progress.bytes,
      }).catch(() => {
        // Progress is cosmetic; the records themselves carry the truth.
      });
    },
  };
}
