/**
 * How a capture or a tab recording starts, the parts both share: the tab's address checked,
 * the archive row and warcinfo stored, and a sink that stops the recorder when storage fails.
 */
import type { CaptureOutcome } from '../../lib/capture';
import type { CaptureSink } from '../../lib/capture/transport';
import type { ArchiveRow, CaptureState, CaptureTrigger } from '../../lib/db/entities';
import { CairnError, errorMessage, isQuotaError } from '../../lib/errors';
import type { CaptureServiceDeps } from './capture-service';

/**
 * An open tab's address and title, when Chrome lets extensions record it; otherwise the
 * specific reason (a settings page, the Web Store, a closed tab) as a CairnError.
 */
export async function recordableTab(
  deps: Pick<CaptureServiceDeps, 'getTab' | 'classifyUrl' | 'hasFileAccess'>,
  tabId: number,
): Promise<{ url: string; title: string }> {
  const tab = await deps.getTab(tabId);
  if (!tab) throw new CairnError('tab-closed', 'That tab no longer exists.');
  const url = tab.url || tab.pendingUrl || '';
  const verdict = deps.classifyUrl(url, { fileAccess: await deps.hasFileAccess() });
  if (!verdict.ok) throw new CairnError(verdict.code, verdict.message);
  return { url, title: tab.title ?? '' };
}

/**
 * Stores a new archive's row (status 'capturing', in the default folder unless one is given)
 * and its warcinfo record. When storage refuses (a full disk), the debugger is let go and
 * the error says why; nothing was recorded yet.
 */
export async function storeNewArchive(
  deps: Pick<CaptureServiceDeps, 'archives' | 'newId' | 'now'>,
  fields: {
    url: string;
    title: string;
    folderId?: string;
    isPrivate?: boolean;
    trigger: CaptureTrigger;
    capture: CaptureState;
  },
  detach: () => Promise<void>,
): Promise<ArchiveRow> {
  const now = deps.now();
  const archive: ArchiveRow = {
    id: deps.newId(),
    url: fields.url,
    title: fields.title,
    notes: '',
    folderId: fields.folderId ?? (await deps.archives.defaultFolderId()),
    isPrivate: fields.isPrivate ?? false,
    status: 'capturing',
    trigger: fields.trigger,
    createdAt: now,
    updatedAt: now,
    size: 0,
    recordCount: 0,
    responseCount: 0,
    capture: fields.capture,
  };
  try {
    await deps.archives.create(archive);
    await deps.archives.writeWarcinfo(archive);
  } catch (error) {
    await detach();
    throw storageError(error, 'before');
  }
  return archive;
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
function storageError(error: unknown, when: 'before' | 'during'): CairnError {
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
