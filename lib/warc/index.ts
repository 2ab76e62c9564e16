/**
 * lib/warc: pure WARC/1.1 record building. Every builder returns a BuiltRecord whose Blob is one
 * gzip member; a `.warc.gz` file is the concatenation of those Blobs, warcinfo first.
 */
export type { BuiltRecord, BuiltRecordType } from './built-record';
export { payloadDigestOf } from './digest';
export { buildExchangeRecords, type ExchangeRecordOptions } from './exchange-records';
export {
  buildMetadataRecord,
  buildResourceRecord,
  type MetadataRecordOptions,
  type ResourceRecordOptions,
} from './resource-records';
export { buildWarcinfo, type WarcinfoInfo } from './warcinfo';
export { warcFileName } from './file-name';
