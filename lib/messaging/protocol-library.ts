/**
 * Library messages (folders, archive edits, deletion): requests from the popup and the
 * library page that change archive data, which only the background writes.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LibraryProtocol {}
