// @ts-check
// A small, valid gzip WARC (one gzip member per record, as real servers write them) for the
// test servers' download routes: a warcinfo record plus the archived payload.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/**
 * @param {Record<string, string>} headers
 * @param {Buffer} block
 */
function record(headers, block) {
  const head = [
    'WARC/1.1',
    ...Object.entries({ ...headers, 'Content-Length': String(block.length) }).map(
      ([name, value]) => `${name}: ${value}`,
    ),
  ].join('\r\n');
  return gzipSync(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), block, Buffer.from('\r\n\r\n')]));
}

/**
 * Builds a gzip WARC holding `payload` for `url`.
 * @param {object} options
 * @param {string} options.url Target-URI of the payload record.
 * @param {Buffer} options.payload
 * @param {string} options.contentType Payload type.
 * @param {Date} options.date
 * @param {'response' | 'resource'} options.type response wraps the payload in an HTTP/1.1 200.
 * @param {Record<string, string>} [options.info] Extra warcinfo fields (page metadata).
 * @returns {Buffer}
 */
export function buildWarcGz({ url, payload, contentType, date, type, info = {} }) {
  const warcDate = date.toISOString().replace(/\.\d+Z$/, 'Z');
  const infoBlock = Buffer.from(
    Object.entries({ software: 'cairn-test-server', format: 'WARC File Format 1.1', ...info })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join(''),
  );
  const block =
    type === 'response'
      ? Buffer.concat([
          Buffer.from(
            `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\nContent-Length: ${payload.length}\r\n\r\n`,
          ),
          payload,
        ])
      : payload;
  return Buffer.concat([
    record(
      {
        'WARC-Type': 'warcinfo',
        'WARC-Record-ID': `<urn:uuid:${randomUUID()}>`,
        'WARC-Date': warcDate,
        'Content-Type': 'application/warc-fields',
      },
      infoBlock,
    ),
    record(
      {
        'WARC-Type': type,
        'WARC-Record-ID': `<urn:uuid:${randomUUID()}>`,
        'WARC-Date': warcDate,
        'WARC-Target-URI': url,
        'Content-Type': type === 'response' ? 'application/http; msgtype=response' : contentType,
      },
      block,
    ),
  ]);
}
