// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { ServerTestResult } from './server-test-result';
import type { ConnectionTestResult } from '../lib/storage/sync-types';

afterEach(cleanup);

const base: ConnectionTestResult = {
  ok: false,
  reachable: false,
  isApi: false,
  authOk: false,
  hostPermission: true,
  problems: [],
};

describe('ServerTestResult', () => {
  it('marks the first failing check and leaves later ones "not checked", with the exact reason', () => {
    render(
      <ServerTestResult
        kind="perma"
        result={{
          ...base,
          problems: [{ code: 'unreachable', message: 'Nothing answers at http://10.0.0.9:8000.' }],
        }}
      />,
    );
    expect(screen.getByRole('heading').textContent).toBe('The connection does not work yet');
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      '✓Access to the server’s address: yes',
      '✗Server answers: no',
      '–Answers as a Perma API: not checked',
      '–Credentials accepted: not checked',
      'Nothing answers at http://10.0.0.9:8000.',
    ]);
    expect(screen.getByRole('alert').textContent).toBe('Nothing answers at http://10.0.0.9:8000.');
  });

  it('reports a missing superuser on ArchiveBox while showing who is signed in', () => {
    render(
      <ServerTestResult
        kind="archivebox"
        result={{
          ...base,
          reachable: true,
          isApi: true,
          authOk: true,
          superuser: false,
          user: 'alice',
          capabilities: { flavor: 'archivebox-0.9-uploads', archiveResultUpload: true },
          problems: [{ code: 'not-superuser', message: 'alice is not a superuser.' }],
        }}
      />,
    );
    // A failed test lists no capabilities: they describe a server Cairn cannot use yet.
    expect(screen.queryByText('ArchiveBox 0.9 API with file uploads')).toBeNull();
    expect(screen.getByText('Account is a superuser:').textContent).toContain('no');
    expect(screen.getByText(/Account is a superuser/).closest('li')!.className).toContain(
      'check-failed',
    );
    expect(screen.getByTestId('test-user').textContent).toBe('alice');
    expect(screen.getByRole('alert').textContent).toBe('alice is not a superuser.');
  });

  it('shows what works: user, version, capabilities and token expiry; an expiry warning is not an error', () => {
    render(
      <ServerTestResult
        kind="archivebox"
        result={{
          ok: true,
          reachable: true,
          isApi: true,
          authOk: true,
          superuser: true,
          hostPermission: true,
          user: 'admin',
          serverVersion: '0.9.73',
          capabilities: {
            flavor: 'archivebox-0.9-uploads',
            archiveResultUpload: true,
            coreWrites: true,
            queuedAdd: true,
          },
          tokenExpiresAt: null,
          problems: [{ code: 'token-expires-soon', message: 'The token expires in 2 days.' }],
        }}
      />,
    );
    expect(screen.getByRole('heading').textContent).toBe('Connection works');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('The token expires in 2 days.').className).toBe('warning');
    expect(screen.getByText('0.9.73')).toBeTruthy();
    expect(screen.getByText('ArchiveBox 0.9 API with file uploads')).toBeTruthy();
    expect(screen.getByText('Cairn’s own WARC files are uploaded to it.')).toBeTruthy();
    expect(screen.getByText('Never')).toBeTruthy();
  });

  it('names a missing host permission as the failing check', () => {
    render(
      <ServerTestResult
        kind="perma"
        result={{
          ...base,
          hostPermission: false,
          problems: [{ code: 'no-host-permission', message: 'Cairn may not reach this server.' }],
        }}
      />,
    );
    expect(screen.getByText(/Access to the server’s address/).closest('li')!.className).toContain(
      'check-failed',
    );
    expect(screen.getByText(/Server answers/).closest('li')!.className).toContain('check-skipped');
  });
});
