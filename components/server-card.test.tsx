// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ServerCard } from './server-card';
import type { ServerSummary } from '../lib/storage/sync-types';

afterEach(cleanup);

const base: ServerSummary = {
  id: 's1',
  kind: 'perma',
  name: 'Perma',
  baseUrl: 'https://api.perma.cc',
  allowInsecureHttp: false,
  confirmedPrivate: false,
  enabled: true,
  hasCredentials: true,
  createdAt: 1,
  updatedAt: 1,
};

function renderCard(
  server: ServerSummary,
  extra: {
    counts?: Record<'pending' | 'syncing' | 'synced' | 'failed', number>;
    awaitingPrivate?: number;
  } = {},
) {
  const handlers = {
    onTest: vi.fn(),
    onSyncNow: vi.fn(),
    onEdit: vi.fn(),
    onRemove: vi.fn(),
    onRetry: vi.fn(),
    onConfirmPrivate: vi.fn(),
    onResumeCreates: vi.fn(),
  };
  render(
    <ServerCard
      server={server}
      counts={extra.counts ?? { pending: 7, syncing: 0, synced: 2, failed: 0 }}
      awaitingPrivate={extra.awaitingPrivate}
      failures={[]}
      activity={{ retrying: new Set() }}
      {...handlers}
    />,
  );
  return handlers;
}

describe('ServerCard account states', () => {
  it('a refused key reads "Key refused" with when and why, and offers Edit key', () => {
    const at = Date.UTC(2026, 11, 6, 9, 30);
    const handlers = renderCard({
      ...base,
      credentialProblem: 'Perma refused the API key: Invalid token.',
      credentialProblemAt: at,
    });
    expect(screen.getByText('Key refused')).toBeTruthy();
    expect(screen.queryByText('Stored')).toBeNull();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Perma refused the API key: Invalid token.');
    expect(alert.textContent).toContain('The server refused the key on');
    fireEvent.click(screen.getByRole('button', { name: 'Edit key' }));
    expect(handlers.onEdit).toHaveBeenCalled();
  });

  it('a quota pause says what the server said and how many wait, and offers Try again', () => {
    const handlers = renderCard({
      ...base,
      createsPaused: {
        message: "Perma can't create this link. You've reached your usage limit.",
        since: Date.now(),
        until: Date.now() + 86_400_000,
      },
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toMatch(
      /^New archives are paused: the server says the quota is used up \(Perma can't create this link\. You've reached your usage limit\.\)\. 7 archives wait; Cairn checks again at .+, or choose Try again\./,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(handlers.onResumeCreates).toHaveBeenCalled();
  });

  it('a pause that has run out is not shown', () => {
    renderCard({
      ...base,
      createsPaused: { message: 'quota', since: 1, until: Date.now() - 1 },
    });
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('private archives held for the confirmation count as waiting, not failed, and say so', () => {
    renderCard(
      { ...base, kind: 'archivebox', name: 'Box' },
      { counts: { pending: 1, syncing: 0, synced: 2, failed: 4 }, awaitingPrivate: 3 },
    );
    expect(screen.getByTestId('queue-counts').textContent).toBe(
      '4 waiting, 0 sending, 2 synced, 1 failed',
    );
    expect(screen.getByText('3 private archives wait for this answer.')).toBeTruthy();
  });
});
