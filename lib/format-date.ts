// One formatter for the page: toLocaleString with options builds a new Intl.DateTimeFormat on
// every call, which was a large share of rendering a list of archives.
let dateFormat: Intl.DateTimeFormat | undefined;

/** Short local date and time (of a capture, of a retry or a pause's end). */
export function formatDate(ms: number): string {
  dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return dateFormat.format(ms);
}
