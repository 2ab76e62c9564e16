// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ServerForm } from './server-form';
import type { ServerSummary } from '../lib/storage/sync-types';

afterEach(cleanup);

function setup(props: Partial<Parameters<typeof ServerForm>[0]> = {}) {
  const onSave = vi.fn();
  const onTest = vi.fn();
  render(<ServerForm onSave={onSave} onTest={onTest} onCancel={vi.fn()} {...props} />);
  return { onSave, onTest };
}

const type = (label: string | RegExp, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));

const saved: ServerSummary = {
  id: 's1',
  kind: 'archivebox',
  name: 'Home',
  baseUrl: 'http://192.168.1.20:8000',
  allowInsecureHttp: true,
  confirmedPrivate: false,
  enabled: true,
  hasCredentials: true,
  createdAt: 1,
  updatedAt: 1,
};

describe('ServerForm', () => {
  it('builds a Perma request: trimmed key, name defaulting to the host, loopback HTTP without a warning', () => {
    const { onSave } = setup();
    type('Server address', 'http://127.0.0.1:8080/');
    type('API key', '  0123456789abcdef0123456789abcdef01234567 ');
    expect(screen.queryByText(/plain HTTP to another computer/)).toBeNull();
    save();
    expect(onSave).toHaveBeenCalledWith({
      id: undefined,
      kind: 'perma',
      name: '127.0.0.1:8080',
      baseUrl: 'http://127.0.0.1:8080',
      credentials: { type: 'apiKey', apiKey: '0123456789abcdef0123456789abcdef01234567' },
      remoteParentId: undefined,
      allowInsecureHttp: false,
      enabled: true,
    });
  });

  it('names the server after the address as it is edited, until the user types a name', () => {
    const { onSave } = setup();
    const name = () => screen.getByLabelText('Name (shown in Cairn)') as HTMLInputElement;
    type('Server address', 'https://perma.example');
    type('Server address', 'https://api.perma.cc');
    type('API key', '0123456789abcdef0123456789abcdef01234567');
    expect(name().placeholder).toBe('api.perma.cc');
    save();
    expect(onSave.mock.calls.at(-1)![0]).toMatchObject({ name: 'api.perma.cc' });
    type('Name (shown in Cairn)', 'Work Perma');
    type('Server address', 'https://perma.other.example');
    expect(name().value).toBe('Work Perma');
    save();
    expect(onSave.mock.calls.at(-1)![0]).toMatchObject({ name: 'Work Perma' });
  });

  it('refuses to save without a usable address or key, saying what is missing, and keeps the input', () => {
    const { onSave, onTest } = setup();
    type('Server address', 'api.perma.cc');
    save();
    expect(screen.getByText(/Start the address with https:\/\//)).toBeTruthy();
    expect(screen.getByText('Enter the API key.')).toBeTruthy();
    expect(screen.getByLabelText('Server address').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(onTest).not.toHaveBeenCalled();
    expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe(
      'api.perma.cc',
    );
  });

  it('requires the explicit plain-HTTP warning to be accepted for another machine', () => {
    const { onSave } = setup();
    fireEvent.click(screen.getByRole('radio', { name: 'ArchiveBox' }));
    type('Server address', 'http://archive.example.org');
    fireEvent.input(screen.getByLabelText('API token', { selector: 'input[type=password]' }), {
      target: { value: 'abcdef0123456789abcdef0123456789' },
    });
    expect(screen.getByText('This address uses plain HTTP to another computer.')).toBeTruthy();
    save();
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText(/Confirm the plain-HTTP warning above/)).toBeTruthy();
    fireEvent.click(
      screen.getByRole('checkbox', { name: /send my key and archives to this server unencrypted/ }),
    );
    save();
    expect(onSave).toHaveBeenCalledWith(
      expect.objectContaining({
        kind: 'archivebox',
        baseUrl: 'http://archive.example.org',
        allowInsecureHttp: true,
        credentials: { type: 'token', token: 'abcdef0123456789abcdef0123456789' },
      }),
    );
  });

  it('exchanges an ArchiveBox user name and password (both required) and says the password is not kept', () => {
    const { onTest } = setup();
    fireEvent.click(screen.getByRole('radio', { name: 'ArchiveBox' }));
    fireEvent.click(screen.getByRole('radio', { name: 'Sign in with user name and password' }));
    expect(screen.getByText(/The password is never stored\./)).toBeTruthy();
    type('Server address', 'https://archive.example.org/api/v1');
    type(/^User name$/, 'admin');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(screen.getByText('Enter both the user name and the password.')).toBeTruthy();
    expect(onTest).not.toHaveBeenCalled();
    type('Password', 'pw with spaces ');
    fireEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(onTest).toHaveBeenCalledWith(
      expect.objectContaining({
        baseUrl: 'https://archive.example.org/api/v1',
        // Passwords are sent exactly as typed.
        credentials: { type: 'password', username: 'admin', password: 'pw with spaces ' },
      }),
    );
  });

  it('refuses a key with spaces inside', () => {
    const { onSave } = setup();
    type('Server address', 'https://api.perma.cc');
    type('API key', 'abc def');
    save();
    expect(screen.getByText(/contains spaces or line breaks/)).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();
  });

  it('edits a server keeping its stored token when the field stays empty, and can pause it', () => {
    const { onSave } = setup({ server: saved });
    expect(screen.getByRole('heading').textContent).toBe('Edit “Home”');
    expect((screen.getByLabelText('Server address') as HTMLInputElement).value).toBe(saved.baseUrl);
    expect(
      (screen.getByRole('checkbox', { name: /unencrypted/ }) as HTMLInputElement).checked,
    ).toBe(true);
    expect(screen.getByText('Leave the field empty to keep the stored credentials.')).toBeTruthy();
    type('Name (shown in Cairn)', 'Home box');
    fireEvent.click(screen.getByRole('checkbox', { name: /Sync to this server/ }));
    save();
    expect(onSave).toHaveBeenCalledWith({
      id: 's1',
      kind: 'archivebox',
      name: 'Home box',
      baseUrl: 'http://192.168.1.20:8000',
      credentials: undefined,
      remoteParentId: undefined,
      allowInsecureHttp: true,
      enabled: false,
    });
  });

  it('offers the Perma remote folders of a saved server; read-only ones cannot be chosen', () => {
    const { onSave } = setup({
      server: {
        ...saved,
        kind: 'perma',
        baseUrl: 'https://api.perma.cc',
        allowInsecureHttp: false,
      },
      remoteFolders: {
        state: 'loaded',
        folders: [
          { id: '10', name: 'Personal Links', path: ['Personal Links'] },
          { id: '11', name: 'Research', path: ['Personal Links', 'Research'] },
          { id: '20', name: 'Sponsored Links', path: ['Sponsored Links'], readOnly: true },
          { id: '30', name: 'Law Lab', path: ['Law Lab'], forcesPrivate: true },
        ],
      },
    });
    const select = screen.getByLabelText('Perma folder for your archives') as HTMLSelectElement;
    const options = [...select.options].map((o) => [o.textContent, o.disabled]);
    expect(options).toEqual([
      ['Your personal folder (default)', false],
      ['Personal Links', false],
      ['Personal Links / Research', false],
      ['Sponsored Links (read-only)', true],
      ['Law Lab (organisation makes archives private)', false],
    ]);
    fireEvent.change(select, { target: { value: '11' } });
    save();
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ remoteParentId: '11' }));
  });

  it('shows why the remote folders could not be read', () => {
    setup({
      server: { ...saved, kind: 'perma', baseUrl: 'https://api.perma.cc' },
      remoteFolders: { state: 'error', message: 'Perma refused the API key.' },
    });
    expect(screen.getByText('Perma refused the API key.')).toBeTruthy();
  });

  it('shows the page error as an alert and disables the buttons while busy', () => {
    setup({ busy: 'save', error: 'Cairn needs your permission to reach https://x.test.' });
    expect(screen.getByRole('alert').textContent).toContain('needs your permission');
    expect((screen.getByRole('button', { name: 'Saving…' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });
});
