import type { CaptureOutcome } from '../../lib/capture';
import type { CaptureSink } from '../../lib/capture/transport';
import type { ArchiveRow } from '../../lib/db/entities';
import { CairnError, errorMessage, isQuotaError } from '../../lib/errors';

/**
 * Stores a new archive's row and warcinfo record. When storage refuses (a full disk), the
 * debugger is let go and the error says why; nothing was recorded yet.
 */
export async function storeNewArchive(
  archive: ArchiveRow,
  store: {
    create(row: ArchiveRow): Promise<void>;
    writeWarcinfo(row: ArchiveRow): Promise<void>;
  },
  detach: () => Promise<void>,
): Promise<void> {
  try {
    await store.create(archive);
    await store.writeWarcinfo(archive);
  } catch (error) {
    await detach();
    throw storageError(error, 'before');
  }
}

/**
 * A sink that stops its recorder at the first write that fails (a full disk): what was
 * stored stays, nothing is half-written (each append is one transaction), and `outcome`
 * turns the recorder's outcome into one that tells the user why.
 */
export function stoppingSink(
  sink: CaptureSink,
  stop: () => void,
): {
  sink: CaptureSink;
  outcome<O extends CaptureOutcome>(outcome: O): O;
} {
  let failure: CairnError | undefined;
  return {
    sink: guardSink(sink, (error) => {
      if (failure) return;
      failure = storageError(error, 'during');
      stop();
    }),
    outcome: (outcome) =>
      failure
        ? { ...outcome, status: 'partial', reasonCode: failure.code, reason: failure.message }
        : outcome,
  };
}

/** Wraps a sink so that its first write failure is reported once and writing stops. */
function guardSink(sink: CaptureSink, onFailure: (error: unknown) => void): CaptureSink {
  let failed = false;
  const guard =
    <A extends unknown[]>(write: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      if (failed) return;
      try {
        await write(...args);
      } catch (error) {
        failed = true;
        onFailure(error);
      }
    };
  return {
    exchange: guard(sink.exchange.bind(sink)),
    resource: guard(sink.resource.bind(sink)),
    metadata: guard(sink.metadata.bind(sink)),
    progress: (p) => sink.progress(p),
  };
}

/** The error a failed archive write is reported with: a full disk says so. */
export function storageError(error: unknown, when: 'before' | 'during'): CairnError {
  if (isQuotaError(error)) {
    return new CairnError(
      'storage-full',
      when === 'before'
        ? 'There is no space left to store a new archive. Free some disk space or delete archives you no longer need; your earlier archives are intact.'
        : 'Storage ran out during the capture: there is no space left for more records. Everything recorded before that was kept. Free some disk space or delete archives you no longer need.',
      { cause: error },
    );
  }
  return new CairnError('storage-failed', `Could not store the archive: ${errorMessage(error)}`, {
    cause: error,
  });
}
