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

  it('the time limit keeps the capture complete and names the limit', () => {
    expect(describeEnd({ kind: 'max-duration', ms: 60_000 }, stored).reason).toMatch(/60 s/);
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
