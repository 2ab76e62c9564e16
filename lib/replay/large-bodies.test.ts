import { describe, expect, it } from 'vitest';
import { fitAnswer, MAX_ANSWER_BYTES, RANGE_PART_BYTES } from './large-bodies';

describe('fitAnswer', () => {
  it('passes an answer that fits untouched', () => {
    const body = new Uint8Array(10);
    const headers = new Headers({ 'content-type': 'image/png' });
    expect(fitAnswer(200, headers, body)).toEqual({ status: 200, headers, body });
  });

  it('cuts a large range answer to its first part, saying so in Content-Range', () => {
    const body = new Uint8Array(RANGE_PART_BYTES + 5);
    const headers = new Headers({
      'content-range': `bytes 100-${100 + body.length - 1}/${body.length + 100}`,
    });
    const fitted = fitAnswer(206, headers, body);
    expect(fitted.status).toBe(206);
    expect(fitted.body.length).toBe(RANGE_PART_BYTES);
    expect(fitted.headers.get('content-range')).toBe(
      `bytes 100-${100 + RANGE_PART_BYTES - 1}/${body.length + 100}`,
    );
    expect(fitted.headers.get('content-length')).toBe(String(RANGE_PART_BYTES));
  });

  it('turns a whole answer too large to send into a 500 that says why', () => {
    const fitted = fitAnswer(200, new Headers(), new Uint8Array(MAX_ANSWER_BYTES + 1));
    expect(fitted.status).toBe(500);
    expect(new TextDecoder().decode(fitted.body)).toMatch(/too large to replay.*Download the WARC/);
  });
});
