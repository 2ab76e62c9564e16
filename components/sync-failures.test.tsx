// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { SyncFailures } from './sync-failures';
import { SyncPrivateConfirm } from './sync-private-confirm';

afterEach(cleanup);

describe('SyncFailures', () => {
  const items = [
    {
      archiveId: 'a1',
      title: 'Court ruling',
      url: 'https://c.test/r',
      error: 'Couldn’t load URL',
      updatedAt: 2,
    },
    { archiveId: 'a2', url: 'https://b.test/', updatedAt: 1 },
    { archiveId: 'a3', error: 'Folder not found.', updatedAt: 0 },
  ];

  it('lists each failed archive with its reason; Retry one or all', () => {
    const onRetry = vi.fn();
    render(
      <SyncFailures serverName="Perma" items={items} retrying={new Set()} onRetry={onRetry} />,
    );
    expect(screen.getByRole('heading').textContent).toBe('Failed (3)');
    expect(screen.getByText('Couldn’t load URL')).toBeTruthy();
    expect(screen.getByText('https://b.test/')).toBeTruthy();
    expect(screen.getByText('No reason given')).toBeTruthy();
    expect(screen.getByText('(archive deleted in Cairn)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry “Court ruling”' }));
    expect(onRetry).toHaveBeenCalledWith('a1');
    fireEvent.click(screen.getByRole('button', { name: 'Retry all' }));
    expect(onRetry).toHaveBeenLastCalledWith();
  });

  it('disables what is being retried', () => {
    render(
      <SyncFailures
        serverName="Perma"
        items={items}
        retrying={new Set(['a2'])}
        onRetry={vi.fn()}
      />,
    );
    expect(
      (screen.getByRole('button', { name: 'Retry “https://b.test/”' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    expect(
      (screen.getByRole('button', { name: 'Retry “Court ruling”' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('renders nothing without failures', () => {
    const { container } = render(
      <SyncFailures serverName="Perma" items={[]} retrying={new Set()} onRetry={vi.fn()} />,
    );
    expect(container.innerHTML).toBe('');
  });
});

describe('SyncPrivateConfirm', () => {
  it('explains why private archives are held back and confirms only after the dialog', () => {
    const onChange = vi.fn();
    render(<SyncPrivateConfirm serverName="Home" confirmed={false} onChange={onChange} />);
    expect(screen.getByText(/Archives you marked private are not sent/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'This server is private…' }));
    expect(screen.getByText(/PUBLIC_SNAPSHOTS lets anyone open them/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'This server is private…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, it does not publish snapshots' }));
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it('lets the user withdraw the confirmation', () => {
    const onChange = vi.fn();
    render(<SyncPrivateConfirm serverName="Home" confirmed onChange={onChange} />);
    expect(screen.getByText(/private archives are sent to it too/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Stop sending private archives' }));
    expect(onChange).toHaveBeenCalledWith(false);
  });
});
