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

/** How often live progress is written to the archive row (each write wakes every liveQuery). */
const PROGRESS_INTERVAL_MS = 400;

/**
 * The recorder's sink for one archive: serializes what the recorder hands over into WARC
 * records and appends them to IndexedDB at once, so a stopped worker loses nothing that was
 * already complete. Repeated identical payloads become revisit records.
 */
export function createArchiveSink(
  archiveId: string,
  hooks: { onProgress?: (progress: CaptureProgress) => void } = {},
): CaptureSink {
  let lastProgressWrite = 0;
  let deflatePending = false;

  return {
    async exchange(exchange: Exchange) {
      const body = exchange.response.body;
      let revisitOf: { targetUri: string; date: string } | undefined;
      let payloadDigest: string | undefined;
      if (body && body.length > 0) {
        payloadDigest = await payloadDigestOf(body.blob, body.bytes);
        // A truncated copy must not stand in for a whole one, nor be deduplicated against.
        const first = body.truncated
          ? undefined
          : await findResponseByDigest(archiveId, payloadDigest);
        if (first?.url) revisitOf = { targetUri: first.url, date: first.date };
      }
      const records = await buildExchangeRecords(exchange, {
        revisitOf,
        payloadDigest,
        deflateLater: true,
      });
      // Noted before the stored member is written, so a worker stopped before the deflate
      // ran (deflateArchive) finds the archive again at its next start.
      if (!deflatePending && records.some((r) => r.deflateLater)) {
        deflatePending = true;
        await markDeflatePending(archiveId);
      }
      await appendRecords(archiveId, records, { responses: 1 });
    },

    async resource(resource: CaptureResource) {
      const record = await buildResourceRecord(resource);
      await appendRecords(archiveId, [record]);
      if (resource.uri.startsWith('urn:text:')) {
        await putPageText(archiveId, await resource.body.text());
      }
    },

    async metadata(metadata: CaptureMetadata) {
      const record = await buildMetadataRecord(metadata, { targetUri: metadata.finalUrl });
      await appendRecords(archiveId, [record]);
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
