// Types of warcio-check.js for the TypeScript tests: the project's tsc reads no JavaScript.
// Keep in step with the JSDoc there (which describes each field).

export const INDEX_FIELDS: string[];

export interface CheckedRecord {
  offset: number;
  recordId: string;
  type: string;
  digest: 'pass' | 'fail' | 'none';
  messages: string[];
}

export function warcioCheck(
  warcPath: string,
): Promise<{ ok: boolean; output: string; records: CheckedRecord[] }>;

export function warcioIndex(warcPath: string): Promise<Record<string, string | number>[]>;

export interface WarcRecordSummary {
  type: string;
  targetUri: string | null;
  recordId: string | null;
  concurrentTo: string[];
  status: number | null;
  payloadSha256: string;
  payloadLength: number;
  headers: Record<string, string>;
  httpHeaders: [string, string][];
  truncated: string | null;
  offset: number;
}

export function readWarcRecords(warcPath: string): Promise<WarcRecordSummary[]>;
