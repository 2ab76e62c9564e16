/** Sync messages (servers, "Sync now", "Retry", connection tests) from the options page and library. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SyncProtocol {}
