// @ts-check
// WARC validators for the end-to-end tests, independent of the extension's own writer:
// - warcioCheck / warcioIndex run Python's warcio (a separate implementation of the format,
//   installed into .venv by scripts/setup-python.sh);
// - readWarcRecords re-reads a WARC with warcio.js and hashes every payload itself, so tests can
//   compare what was archived with what the fixture server sent.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WARCParser } from 'warcio';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WARCIO_BIN = path.join(REPO, '.venv/bin/warcio');

/** Fields asked of `warcio index`; the keys of each parsed line are these names. */
export const INDEX_FIELDS = [
  'warc-type',
  'warc-target-uri',
  'http:status',
  'warc-payload-digest',
  'offset',
  'length',
  'warc-record-id',
];

/**
 * Runs Python's warcio CLI. Resolves even on a non-zero exit, so callers can show the output.
 * @param {string[]} args
 * @returns {Promise<{ code: number, stdout: string, stderr: string }>}
 */
function runWarcio(args) {
  if (!existsSync(WARCIO_BIN)) {
    throw new Error(`Python warcio not found at ${WARCIO_BIN}: run scripts/setup-python.sh`);
  }
  return new Promise((resolve, reject) => {
    execFile(WARCIO_BIN, args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A spawn failure has a string code (ENOENT, …); a non-zero exit has a numeric one.
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/**
 * @typedef {object} CheckedRecord
 * @property {number} offset Offset of the record in the (compressed) file.
 * @property {string} recordId
 * @property {string} type
 * @property {'pass' | 'fail' | 'none'} digest 'none': no digest to check (or a revisit's).
 * @property {string[]} messages warcio's lines about this record.
 */

/**
 * `warcio check -v`: parses every record and verifies its block and payload digests.
 * `records` is the verbose output parsed per record, so a test can insist that digests exist
 * (warcio passes a record that has none).
 * @param {string} warcPath
 * @returns {Promise<{ ok: boolean, output: string, records: CheckedRecord[] }>}
 */
export async function warcioCheck(warcPath) {
  const { code, stdout, stderr } = await runWarcio(['check', '-v', warcPath]);
  /** @type {CheckedRecord[]} */
  const records = [];
  for (const line of stdout.split('\n')) {
    const head = /^ {2}offset (\d+) WARC-Record-ID (\S+) (\S+)$/.exec(line);
    if (head) {
      records.push({
        offset: Number(head[1]),
        recordId: String(head[2]),
        type: String(head[3]),
        digest: 'none',
        messages: [],
      });
      continue;
    }
    const current = records.at(-1);
    if (!current || !line.startsWith('    ')) continue;
    const message = line.trim();
    current.messages.push(message);
    if (message === 'digest pass') current.digest = 'pass';
    else if (!message.startsWith('no digest') && !message.startsWith('digest present')) {
      current.digest = 'fail';
    }
  }
  const output = stdout + stderr;
  // warcio prints tracebacks (e.g. for a truncated gzip member) on stderr but may still exit 0.
  const ok = code === 0 && !/Traceback|Error/.test(stderr);
  return { ok, output, records };
}

/**
 * `warcio index` with INDEX_FIELDS: one object per record, in file order. Fields a record lacks
 * are absent; `offset` and `length` are numbers, `http:status` a string as warcio prints it.
 * @param {string} warcPath
 * @returns {Promise<Record<string, string | number>[]>}
 */
export async function warcioIndex(warcPath) {
  const { code, stdout, stderr } = await runWarcio([
    'index',
    '-f',
    INDEX_FIELDS.join(','),
    warcPath,
  ]);
  if (code !== 0) throw new Error(`warcio index failed (exit ${code}):\n${stdout}${stderr}`);
  return stdout
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const entry = JSON.parse(line);
      // warcio 1.8 prints offset and length as strings.
      for (const key of ['offset', 'length']) if (key in entry) entry[key] = Number(entry[key]);
      return entry;
    });
}

/**
 * @typedef {object} WarcRecordSummary
 * @property {string} type WARC-Type.
 * @property {string | null} targetUri
 * @property {string | null} recordId
 * @property {string[]} concurrentTo
 * @property {number | null} status HTTP status of response/revisit records.
 * @property {string} payloadSha256 Hex SHA-256 of the payload as stored: for request, response
 *   and revisit records the bytes after the HTTP headers (no decoding of Content-Encoding or
 *   chunking), for other records the whole block.
 * @property {number} payloadLength
 * @property {Record<string, string>} headers WARC headers, names as written; repeats joined with ', '.
 * @property {[string, string][]} httpHeaders In order, names as written, repeats kept.
 * @property {string | null} truncated WARC-Truncated, if present.
 * @property {number} offset Offset of the record in the (compressed) file.
 */

/**
 * Reads a .warc or .warc.gz with warcio.js, streaming: payloads are hashed chunk by chunk, so a
 * record of hundreds of MB never sits in memory whole.
 * @param {string} warcPath
 * @returns {Promise<WarcRecordSummary[]>}
 */
export async function readWarcRecords(warcPath) {
  // keepHeadersCase keeps header names as written and repeated headers apart.
  const parser = new WARCParser(createReadStream(warcPath), { keepHeadersCase: true });
  /** @type {WarcRecordSummary[]} */
  const records = [];
  for await (const record of parser) {
    const offset = parser.offset;
    const hash = createHash('sha256');
    let payloadLength = 0;
    for await (const chunk of record.reader) {
      hash.update(chunk);
      payloadLength += chunk.length;
    }
    /** @type {Record<string, string>} */
    const headers = {};
    for (const [name, value] of record.warcHeaders.headers) {
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = record.httpHeaders?.statusCode;
    records.push({
      type: record.warcType,
      targetUri: record.warcTargetURI ?? null,
      recordId: record.warcHeader('WARC-Record-ID') ?? null,
      concurrentTo: record.warcConcurrentTo ?? [],
      status: record.warcType !== 'request' && status !== undefined ? Number(status) : null,
      payloadSha256: hash.digest('hex'),
      payloadLength,
      headers,
      httpHeaders: record.httpHeaders ? [...record.httpHeaders.headers] : [],
      truncated: record.warcHeader('WARC-Truncated') ?? null,
      offset,
    });
  }
  return records;
}
