/**
 * How a recording of a tab the user browses ends, in words for the user. Unlike a one-page
 * capture, its natural end is the user's: Stop, closing the tab or the debugging bar, or a
 * long idle spell. Each keeps everything recorded.
 */
import type { EndDescription } from './outcome';

/** What ended a tab recording (the first cause wins). */
export type RecordingEnd =
  | { kind: 'stopped' }
  | { kind: 'idle'; ms: number }
  | { kind: 'detached'; reason: string }
  | { kind: 'attach-failed'; message: string }
  | { kind: 'storage-failed' };

function pagesKept(pages: number, responses: number): string {
  const p = pages === 1 ? '1 page' : `${pages} pages`;
  const r = responses === 1 ? '1 response' : `${responses} responses`;
  return `${p} and ${r} were kept`;
}

/**
 * Describes a recording's end given what was stored. A recording that stored no response
 * failed, whatever ended it: there is nothing to replay.
 */
export function describeRecordingEnd(
  end: RecordingEnd,
  stored: { pages: number; responses: number },
): EndDescription {
  if (end.kind === 'attach-failed')
    return {
      status: 'failed',
      reasonCode: 'attach-failed',
      reason: `Recording could not start in this tab: ${end.message}`,
      endReason: 'attach-failed',
    };
  if (stored.responses === 0)
    return {
      status: 'failed',
      reasonCode: 'nothing-recorded',
      reason:
        'Nothing was recorded: the tab loaded nothing while it was being recorded. Start recording, then use the page (click, load more, follow links).',
      endReason: end.kind,
    };
  const kept = pagesKept(stored.pages, stored.responses);
  switch (end.kind) {
    case 'stopped':
      return { status: 'complete', endReason: 'stopped' };
    case 'idle':
      return {
        status: 'complete',
        reasonCode: 'recording-idle',
        reason: `Recording stopped after ${Math.round(end.ms / 60_000)} minutes without activity in the tab; ${kept}. The time is "Stop recording after idle minutes" in Cairn's options.`,
        endReason: 'idle',
      };
    case 'storage-failed':
      return {
        status: 'partial',
        reasonCode: 'storage-failed',
        reason: `Recording stopped because a record could not be saved; ${kept}.`,
        endReason: 'storage-failed',
      };
    case 'detached':
      if (end.reason === 'target_closed')
        return {
          status: 'complete',
          reasonCode: 'tab-closed',
          reason: `The tab was closed, which ended the recording; ${kept}. The last page has no screenshot.`,
          endReason: 'detached',
        };
      if (end.reason === 'canceled_by_user')
        return {
          status: 'complete',
          reasonCode: 'canceled-by-user',
          reason: `The debugging bar was closed, which ended the recording; ${kept}.`,
          endReason: 'detached',
        };
      return {
        status: 'partial',
        reasonCode: 'detached',
        reason: `The recording was cut off (${end.reason}); ${kept}.`,
        endReason: 'detached',
      };
  }
}
