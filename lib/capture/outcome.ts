/**
 * Why a capture ended, and how that reads for the user: status, machine code and a sentence
 * that says what happened and what was kept.
 */

/** What ended a capture (the first cause wins). */
export type EndCause =
  | { kind: 'idle' }
  | { kind: 'max-duration'; ms: number }
  | { kind: 'stopped'; code: string }
  | { kind: 'detached'; reason: string }
  | { kind: 'pdf-viewer' }
  | { kind: 'navigation-failed'; errorText: string }
  | { kind: 'attach-failed'; message: string }
  | {
      kind: 'download';
      stored: () => boolean;
      /** How the stored file was cut short, if it was. */
      cut?: () => 'length' | 'disconnect' | undefined;
      bytes?: () => number;
      capBytes?: number;
    };

/** The user-facing reading of an end cause. */
export interface EndDescription {
  status: 'complete' | 'partial' | 'failed';
  reasonCode?: string;
  reason?: string;
  /** CaptureMetadata.endReason. */
  endReason: string;
}

/** Plain-words explanations of the network errors people actually meet. */
const NET_ERRORS: Record<string, string> = {
  'net::ERR_NAME_NOT_RESOLVED': "the site's address could not be found",
  'net::ERR_CONNECTION_REFUSED': 'the server refused the connection',
  'net::ERR_CONNECTION_RESET': 'the connection was reset',
  'net::ERR_CONNECTION_CLOSED': 'the server closed the connection',
  'net::ERR_CONNECTION_TIMED_OUT': 'the server did not answer in time',
  'net::ERR_TIMED_OUT': 'the server did not answer in time',
  'net::ERR_INTERNET_DISCONNECTED': 'the computer is offline',
  'net::ERR_ADDRESS_UNREACHABLE': 'the server cannot be reached',
  'net::ERR_CERT_AUTHORITY_INVALID': "the site's security certificate is not trusted",
  'net::ERR_CERT_COMMON_NAME_INVALID': "the site's security certificate is for another site",
  'net::ERR_CERT_DATE_INVALID': "the site's security certificate has expired or is not valid yet",
  'net::ERR_SSL_PROTOCOL_ERROR': 'a secure connection could not be made',
  'net::ERR_BLOCKED_BY_CLIENT': 'another extension or a policy blocked it',
  'net::ERR_BLOCKED_BY_ADMINISTRATOR': 'your administrator blocked it',
  'net::ERR_TOO_MANY_REDIRECTS': 'it redirects in a loop',
  'net::ERR_EMPTY_RESPONSE': 'the server sent nothing back',
  'net::ERR_INVALID_URL': 'the address is not valid',
  'net::ERR_FILE_NOT_FOUND': 'the file does not exist',
  'net::ERR_HTTP_RESPONSE_CODE_FAILURE': 'the server answered with an HTTP error and an empty page',
  'net::ERR_INVALID_RESPONSE': 'the server sent an answer the browser could not read',
  'net::ERR_UNSAFE_PORT': 'the browser does not connect to that port',
};

function kept(responses: number): string {
  if (responses === 0)
    return 'nothing of the page had been recorded by then, so there is nothing to keep';
  return responses === 1
    ? 'the 1 response recorded before that was kept'
    : `the ${responses} responses recorded before that were kept`;
}

/**
 * Describes an end cause given what was stored. Only a capture that ran to its natural end
 * (the page settled, or a PDF or file was stored whole) is complete; the time limit and a
 * stop are partial; and a capture that stored no response at all is never complete.
 */
export function describeEnd(
  cause: EndCause,
  stored: { responses: number; mainDocumentStored: boolean },
): EndDescription {
  const described = describeCause(cause, stored);
  if (stored.responses > 0 || described.status === 'failed') return described;
  return {
    ...described,
    status: 'failed',
    reasonCode: described.reasonCode ?? 'nothing-recorded',
    reason:
      described.reason?.replace(/^Partial: (.)/, (_, c: string) => c.toUpperCase()) ??
      'The page loaded, but no response could be recorded from it. Try again; if it keeps happening, the site may block recording.',
  };
}

function describeCause(
  cause: EndCause,
  stored: { responses: number; mainDocumentStored: boolean },
): EndDescription {
  const n = stored.responses;
  switch (cause.kind) {
    case 'idle':
      return { status: 'complete', endReason: 'idle' };
    case 'max-duration':
      return {
        status: 'partial',
        reasonCode: 'max-duration',
        reason: `Partial: the time limit of ${Math.round(cause.ms / 1000)} s was reached, so the capture ended there; ${kept(n)}. Requests still loading at that moment are cut short (marked truncated) or missing. The limit is "Maximum duration" in Cairn's options.`,
        endReason: 'max-duration',
      };
    case 'stopped':
      return {
        status: 'partial',
        reasonCode: cause.code,
        reason:
          cause.code === 'stopped'
            ? `Partial: stopped by you; ${kept(n)}.`
            : `Partial: the capture was stopped early (${cause.code}); ${kept(n)}.`,
        endReason: 'stopped',
      };
    case 'detached':
      return { status: 'partial', endReason: 'detached', ...detachText(cause.reason, n) };
    case 'pdf-viewer':
      return {
        status: 'complete',
        reasonCode: 'pdf-viewer',
        reason:
          "This is a PDF shown in Chrome's built-in viewer, which extensions are not allowed to record: the PDF file itself was stored, without a screenshot or page text.",
        endReason: 'pdf-viewer',
      };
    case 'navigation-failed': {
      const plain = NET_ERRORS[cause.errorText];
      return {
        status: 'failed',
        reasonCode: 'navigation-failed',
        reason: `The page could not be loaded: ${plain ? `${plain} (${cause.errorText})` : cause.errorText}.`,
        endReason: 'navigation-failed',
      };
    }
    case 'attach-failed':
      return {
        status: 'failed',
        reasonCode: 'attach-failed',
        reason: `Recording could not start in this tab: ${cause.message}`,
        endReason: 'attach-failed',
      };
    case 'download':
      return describeDownload(cause);
  }
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1048576) * 10) / 10} MB`;
}

function describeDownload(cause: Extract<EndCause, { kind: 'download' }>): EndDescription {
  const base = { endReason: 'download' };
  if (!cause.stored()) {
    return {
      ...base,
      status: 'failed',
      reasonCode: 'download',
      reason:
        'This address starts a file download instead of showing a page, and the file could not be recorded: the transfer ended before any of it arrived.',
    };
  }
  const cut = cause.cut?.();
  const kept = megabytes(cause.bytes?.() ?? 0);
  if (cut === 'length') {
    return {
      ...base,
      status: 'partial',
      reasonCode: 'size-cap',
      reason: `Partial: this address is a file download larger than the size cap of ${megabytes(cause.capBytes ?? 0)}; its first ${kept} were kept, marked truncated. Raise "Size cap of one file" in Cairn's options to keep bigger files.`,
    };
  }
  if (cut === 'disconnect') {
    return {
      ...base,
      status: 'partial',
      reasonCode: 'download-aborted',
      reason: `Partial: this address is a file download, and the server broke off the transfer after ${kept}; what arrived was kept, marked truncated.`,
    };
  }
  return {
    ...base,
    status: 'complete',
    reasonCode: 'download',
    reason:
      'This address is a file download, not a page: the file itself was recorded, without a screenshot or page text.',
  };
}

function detachText(reason: string, n: number): { reasonCode: string; reason: string } {
  switch (reason) {
    case 'canceled_by_user':
      return {
        reasonCode: 'canceled-by-user',
        reason: `You cancelled the debugging bar ("Cairn started debugging this browser"), which stops the recording; ${kept(n)}.`,
      };
    case 'target_closed':
      return {
        reasonCode: 'tab-closed',
        reason: `The tab was closed before the capture finished; ${kept(n)}.`,
      };
    case 'target_crashed':
      return {
        reasonCode: 'tab-crashed',
        reason: `The page crashed during the capture; ${kept(n)}.`,
      };
    default:
      return {
        reasonCode: 'detached',
        reason: `Chrome ended the recording session (${reason}); ${kept(n)}.`,
      };
  }
}

/**
 * Whether a capture's page answered with an HTTP error (4xx or 5xx): the archive then holds the
 * server's error page, and every place that reports the capture says so. Undefined (no
 * document stored, or an archive older than the field) is not an error page.
 */
export function isErrorPage(pageStatus: number | undefined): pageStatus is number {
  return pageStatus !== undefined && pageStatus >= 400;
}
