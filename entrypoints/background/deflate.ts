import { deflateArchive } from '../../lib/db/deflate-later';
import { listDeflatePending } from '../../lib/storage/deflate-queue';
import { errorMessage } from '../../lib/errors';

/** How often a waiting deflate looks again whether captures have ended. */
const CAPTURE_POLL_MS = 1000;

let queue: Promise<void> = Promise.resolve();

/**
 * Queues the deferred deflate of an archive's members (lib/db/deflate-later), one archive at
 * a time and only while no capture runs: it is housekeeping, and a capture's page load must
 * not share the worker's thread with zlib. A worker stopped before it ran picks the archive
 * up again at its next start (setupDeflate); until then the archive is complete and valid,
 * only larger.
 */
export function scheduleDeflate(archiveId: string, isCapturing: () => boolean): void {
  const noCapture = async () => {
    while (isCapturing()) await new Promise((resolve) => setTimeout(resolve, CAPTURE_POLL_MS));
  };
  // Checked before each member too: a capture started meanwhile waits for one member at most.
  queue = queue
    .then(async () => {
      await deflateArchive(archiveId, { beforeEach: noCapture });
    })
    .catch((error) =>
      console.error('[cairn] deflating an archive failed', archiveId, errorMessage(error)),
    );
}

/** Resumes the deflates a previous worker instance left pending. */
export function setupDeflate(isCapturing: () => boolean): void {
  void listDeflatePending()
    .then((ids) => ids.forEach((id) => scheduleDeflate(id, isCapturing)))
    .catch((error) => console.error('[cairn] pending deflates unreadable', errorMessage(error)));
}
