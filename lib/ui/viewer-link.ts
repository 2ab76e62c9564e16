/**
 * The address of Cairn's viewer for an archive, optionally at one URL inside it. Relative, so
 * it works from every extension page (they all live at the extension's root).
 */
export function viewerHref(archiveId: string, url?: string): `viewer.html?${string}` {
  const query = new URLSearchParams({ archive: archiveId });
  if (url) query.set('url', url);
  return `viewer.html?${query.toString()}`;
}
