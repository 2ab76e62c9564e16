/**
 * Whether a secure connection to an address can be made: a bodiless no-cors HEAD request
 * without cookies, given a few seconds. Used only for addresses typed without a scheme, to
 * fall back to http:// for sites that have no https. Any answer, even an error status, means
 * the server is there; only a failed connection (refused, unknown certificate, timeout)
 * counts as unreachable.
 */
export async function canConnect(url: string, timeoutMs = 8000): Promise<boolean> {
  try {
    await fetch(url, {
      method: 'HEAD',
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch (error) {
    // A timeout is not proof that https is missing: a slow site keeps https, and the capture
    // reports its own error if it fails.
    return (error as Error)?.name === 'TimeoutError';
  }
}
