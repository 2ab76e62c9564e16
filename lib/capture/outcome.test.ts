import { describe, expect, it } from 'vitest';
import { describeEnd, isErrorPage } from './outcome';

const stored = { responses: 3, mainDocumentStored: true };

describe('describeEnd', () => {
  it('a PDF that Chrome moved into its viewer is complete: the file itself was stored', () => {
    expect(describeEnd({ kind: 'pdf-viewer' }, stored)).toMatchObject({
      status: 'complete',
      reasonCode: 'pdf-viewer',
      reason: expect.stringMatching(/PDF file itself was stored/),
    });
  });

  it.each([
    ['canceled_by_user', 'canceled-by-user', /debugging bar/],
    ['target_closed', 'tab-closed', /tab was closed/],
    ['target_crashed', 'tab-crashed', /crashed/],
    ['something_else', 'detached', /something_else/],
  ])('detach reason %s is partial (%s) and says what was kept', (reason, code, text) => {
    const end = describeEnd({ kind: 'detached', reason }, stored);
    expect(end).toMatchObject({ status: 'partial', reasonCode: code });
    expect(end.reason).toMatch(text);
    expect(end.reason).toMatch(/the 3 responses recorded before that were kept/);
  });

  it('a failed navigation says in words what happened, with the browser code beside it', () => {
    const end = describeEnd(
      { kind: 'navigation-failed', errorText: 'net::ERR_HTTP_RESPONSE_CODE_FAILURE' },
      { responses: 0, mainDocumentStored: false },
    );
    expect(end).toMatchObject({ status: 'failed', reasonCode: 'navigation-failed' });
    expect(end.reason).toBe(
      'The page could not be loaded: the server answered with an HTTP error and an empty page (net::ERR_HTTP_RESPONSE_CODE_FAILURE).',
    );
  });

  it('the time limit is partial, names the limit and the setting that sets it', () => {
    const end = describeEnd({ kind: 'max-duration', ms: 60_000 }, stored);
    expect(end).toMatchObject({ status: 'partial', reasonCode: 'max-duration' });
    expect(end.reason).toMatch(/^Partial: the time limit of 60 s was reached/);
    expect(end.reason).toMatch(/Maximum duration/);
  });

  it("the user's stop is partial: stopped by you", () => {
    expect(describeEnd({ kind: 'stopped', code: 'stopped' }, stored)).toMatchObject({
      status: 'partial',
      reasonCode: 'stopped',
      reason: 'Partial: stopped by you; the 3 responses recorded before that were kept.',
    });
  });

  it.each([
    [{ kind: 'idle' } as const, 'nothing-recorded', /no response could be recorded/],
    [
      { kind: 'stopped', code: 'stopped' } as const,
      'stopped',
      /^Stopped by you; nothing of the page/,
    ],
    [
      { kind: 'max-duration', ms: 5000 } as const,
      'max-duration',
      /5 s was reached.*nothing to keep/,
    ],
    [
      { kind: 'detached', reason: 'target_closed' } as const,
      'tab-closed',
      /closed.*nothing to keep/,
    ],
  ])(
    'with no stored response, %j is never complete or partial: failed (%s)',
    (cause, code, text) => {
      const end = describeEnd(cause, { responses: 0, mainDocumentStored: false });
      expect(end).toMatchObject({ status: 'failed', reasonCode: code });
      expect(end.reason).toMatch(text);
      expect(end.reason).not.toMatch(/were kept|^Partial/);
    },
  );
});

describe('downloads', () => {
  const download = (cut?: 'length' | 'disconnect', stored = true) =>
    describeEnd(
      {
        kind: 'download',
        stored: () => stored,
        cut: () => cut,
        bytes: () => 5 * 1048576,
        capBytes: 5 * 1048576,
      },
      { responses: stored ? 1 : 0, mainDocumentStored: stored },
    );

  it('a whole file is complete', () => {
    expect(download()).toMatchObject({ status: 'complete', reasonCode: 'download' });
  });

  it('names the cause of a cut: the size cap (and its setting) or the server', () => {
    expect(download('length')).toMatchObject({ status: 'partial', reasonCode: 'size-cap' });
    expect(download('length').reason).toMatch(/size cap of 5 MB.*"Size cap of one file"/);
    expect(download('disconnect')).toMatchObject({
      status: 'partial',
      reasonCode: 'download-aborted',
    });
    expect(download('disconnect').reason).toMatch(/server broke off the transfer after 5 MB/);
  });

  it('a file of which nothing arrived is failed, saying so', () => {
    expect(download(undefined, false)).toMatchObject({ status: 'failed', reasonCode: 'download' });
    expect(download(undefined, false).reason).toMatch(/before any of it arrived/);
  });
});

describe('isErrorPage', () => {
  it('is true for 4xx and 5xx only, and false when no document was stored', () => {
    expect([200, 304, 399, 400, 404, 500, 599].map(isErrorPage)).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(isErrorPage(undefined)).toBe(false);
  });
});
