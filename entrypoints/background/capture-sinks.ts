import type { CaptureSink } from '../../lib/capture/transport';
import { CairnError, errorMessage, isQuotaError } from '../../lib/errors';

/** Wraps a sink so that its first write failure is reported once and writing stops. */
export function guardSink(sink: CaptureSink, onFailure: (error: unknown) => void): CaptureSink {
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
