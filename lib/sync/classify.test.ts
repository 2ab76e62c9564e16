import { describe, expect, it } from 'vitest';
import { classifyArchiveBox } from './archivebox-errors';
import { errorBodyMessage } from './error-body';
import { classifyPerma } from './perma-errors';

const json = new Headers({ 'content-type': 'application/json' });
const text = new Headers({ 'content-type': 'text/plain' });
const html = new Headers({ 'content-type': 'text/html' });
const req = { method: 'POST' as const, path: '/v1/archives/' };

describe('Perma error classification', () => {
  it.each([
    [401, { detail: 'Invalid token.' }, json, 'credentials', 'bad-credentials'],
    [
      403,
      { detail: 'You do not have permission to perform this action.' },
      json,
      'permission',
      'forbidden',
    ],
    [400, { url: ["Couldn't load URL"] }, json, 'validation', 'rejected'],
    [
      400,
      { url: ['We encountered a network error: please try again.'] },
      json,
      'transient',
      'capture-service-unreachable',
    ],
    [
      400,
      {
        error: [
          "Perma can't create this link. You've reached your usage limit. Visit your Usage Plan page for information and plan options.",
        ],
      },
      json,
      'quota',
      'quota',
    ],
    [
      400,
      { error: ["Perma can't create this link. The Harvard account needs attention. …"] },
      json,
      'quota',
      'quota',
    ],
    [
      400,
      {
        error: [
          "Perma can't create this link. You can't make links directly in your Sponsored Links folder. Select a folder belonging to a sponsor.",
        ],
      },
      json,
      'permission',
      'folder-refused',
    ],
    [400, { human: 'Value must be of type bool, not str.' }, json, 'validation', 'rejected'],
    [400, ['Only updates on these fields are allowed: title'], json, 'validation', 'rejected'],
    [404, 'Page Not Found', text, 'config', 'not-api'],
    [404, { detail: 'Not found.' }, json, 'not-found', 'not-found'],
    [405, { detail: 'Method "PUT" not allowed.' }, json, 'config', 'not-api'],
    [429, { detail: 'slow down' }, json, 'transient', 'rate-limited'],
    [500, undefined, json, 'transient', 'server-error'],
    [503, '<html>upstream</html>', html, 'transient', 'server-error'],
    [400, '<html><body>Bad gateway page</body></html>', html, 'config', 'html-instead-of-json'],
  ] as const)('%i %j → %s', (status, body, headers, kind, code) => {
    const error = classifyPerma(status, body, headers, req);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
  });

  it('keeps field messages (unlike the SDK, which shows only detail)', () => {
    expect(classifyPerma(400, { folder: ['Folder not found.'] }, json, req).message).toBe(
      'folder: Folder not found.',
    );
  });
  it('carries Retry-After on 429', () => {
    const error = classifyPerma(429, {}, new Headers({ 'retry-after': '7' }), req);
    expect(error.details.retryAfterMs).toBe(7000);
    expect(error.retryable).toBe(true);
  });
});

describe('ArchiveBox error classification', () => {
  it.each([
    [401, { detail: 'Unauthorized' }, json, 'credentials', 'bad-credentials'],
    [
      403,
      {
        detail:
          'Valid credentials but User does not have permission (make sure user.is_superuser=True)',
      },
      json,
      'credentials',
      'not-superuser',
    ],
    [403, 'control plane disabled', text, 'config', 'api-disabled'],
    [
      403,
      'ArchiveBox is running with the control plane disabled on this host.',
      new Headers({ 'content-type': 'text/html; charset=utf-8' }),
      'config',
      'control-plane-disabled',
    ],
    [
      422,
      {
        detail: [
          { type: 'list_type', loc: ['body', 'args', 'urls'], msg: 'Input should be a valid list' },
        ],
      },
      json,
      'validation',
      'rejected',
    ],
    [409, { detail: 'Chunk offset mismatch: expected 256, got 0' }, json, 'conflict', 'conflict'],
    [
      404,
      {
        succeeded: false,
        message: 'DoesNotExist: Snapshot matching query does not exist.',
        errors: ['Traceback …'],
      },
      json,
      'not-found',
      'not-found',
    ],
    [404, '<html>Not Found</html>', html, 'config', 'html-instead-of-json'],
    [
      503,
      {
        succeeded: false,
        message: 'TypeError: x',
        errors: ['Traceback (most recent call last) …'],
      },
      json,
      'transient',
      'server-error',
    ],
  ] as const)('%i %j → %s', (status, body, headers, kind, code) => {
    const error = classifyArchiveBox(status, body, headers, req);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
  });

  it('never shows a traceback', () => {
    const error = classifyArchiveBox(
      404,
      {
        succeeded: false,
        message: 'DoesNotExist: gone',
        errors: ['Traceback (most recent call last): secret paths'],
      },
      json,
      req,
    );
    expect(error.message).toBe('DoesNotExist: gone');
  });
});

describe('errorBodyMessage', () => {
  it.each([
    [{ detail: 'Invalid token.' }, 'Invalid token.'],
    [{ url: 'Unicode error while processing URL.' }, 'url: Unicode error while processing URL.'],
    [{ error: ['A', 'B'] }, 'A B'],
    [
      ['Only updates on these fields are allowed: name, parent'],
      'Only updates on these fields are allowed: name, parent',
    ],
    [
      { detail: [{ loc: ['body', 'args', 'urls'], msg: 'Field required' }] },
      'args.urls: Field required',
    ],
    [{ success: false, errors: ['Invalid credentials'] }, 'Invalid credentials'],
    [
      { succeeded: false, message: 'ValueError: Depth must be 0-4', errors: ['Traceback'] },
      'ValueError: Depth must be 0-4',
    ],
    [undefined, undefined],
  ])('%j', (body, expected) => {
    expect(errorBodyMessage(body)).toBe(expected);
  });
});
