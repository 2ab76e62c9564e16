/**
 * Cairn's error type: a stable machine code plus a sentence a user can act on. Lib code
 * throws these; entry handlers catch them and show `message`.
 */
export class CairnError extends Error {
  constructor(
    /** Stable code, e.g. 'uncapturable-url', 'already-debugged', 'storage-full'. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CairnError';
  }
}

/** True when an error (Dexie or DOMException) means IndexedDB ran out of quota or disk. */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { name, message } = e as { name?: string; message?: string };
    if (name === 'QuotaExceededError' || /quota|disk is full|no space/i.test(message ?? '')) {
      return true;
    }
    e = (e as { inner?: unknown; cause?: unknown }).inner ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Message of any thrown value, for logs and user-facing fallbacks. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
