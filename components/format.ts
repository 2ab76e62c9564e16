/** Human-readable byte size (1 decimal above 1 KB). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export { formatDate } from '../lib/format-date';

let preciseFormat: Intl.DateTimeFormat | undefined;

/**
 * Local date and time to the second: for telling apart captures of one URL, which are often
 * minutes apart (a page captured again to get a better copy).
 */
export function formatDateSeconds(ms: number): string {
  preciseFormat ??= new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
  return preciseFormat.format(ms);
}
