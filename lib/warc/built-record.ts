/**
 * What every WARC builder in this module returns: one serialized record plus the facts the
 * index row needs (lib/db), so nobody has to parse the record again to learn them.
 */

/** The WARC-Type values Cairn writes. */
export type BuiltRecordType =
  'warcinfo' | 'request' | 'response' | 'revisit' | 'resource' | 'metadata';

/** One WARC record, serialized as a single gzip member, with its index facts. */
export interface BuiltRecord {
  /** WARC-Type of the record. */
  warcType: BuiltRecordType;
  /** `<urn:uuid:...>` exactly as in the WARC-Record-ID header. */
  recordId: string;
  /** WARC-Target-URI as written (absent for warcinfo). */
  url?: string;
  /** WARC-Date as written (ISO 8601, millisecond precision, UTC). */
  date: string;
  /** HTTP status, for response and revisit records. */
  status?: number;
  /** Payload MIME type without parameters (response, revisit, resource, metadata). */
  mime?: string;
  /** Exactly the WARC-Payload-Digest value written, e.g. `sha256:<hex>`. */
  payloadDigest?: string;
  /** Bytes of payload stored in this record (absent for revisit and warcinfo). */
  payloadLength?: number;
  /** WARC-Truncated value, when the stored payload is not the whole body. */
  truncated?: 'length' | 'disconnect';
  /**
   * The member holds stored blocks that are to be deflated once the capture has ended
   * (deflateStoredMember); until then it is a valid, uncompressed gzip member.
   */
  deflateLater?: true;
  /**
   * The record as ONE gzip member. Concatenating the blobs of several records (in order) is
   * a valid `.warc.gz`; a reader can also gunzip any single blob on its own.
   */
  blob: Blob;
}
