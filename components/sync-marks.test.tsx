// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { SyncMarks } from './sync-marks';
import type { SyncStateRecord } from '../lib/db/repos/sync-states';

afterEach(cleanup);

const state = (serverId: string, patch: Partial<SyncStateRecord>): SyncStateRecord => ({
  archiveId: 'a1',
  serverId,
  state: 'pending',
  updatedAt: 1,
  ...patch,
});

describe('SyncMarks', () => {
  it('one mark per server with a state, in the servers’ order, each with an accessible name', () => {
    render(
      <SyncMarks
        servers={[
          { id: 'p', name: 'Perma', kind: 'perma' },
          { id: 'b', name: 'Box', kind: 'archivebox' },
          { id: 'q', name: 'Other', kind: 'perma' },
          { id: 'r', name: 'Review', kind: 'perma' },
        ]}
        states={[
          state('r', { state: 'failed', errorCode: 'needs-review' }),
          state('b', { state: 'failed', error: 'The server refused it.' }),
          state('p', { state: 'synced' }),
          state('gone', { state: 'synced' }),
        ]}
      />,
    );
    const marks = screen.getAllByRole('img');
    expect(marks.map((m) => m.getAttribute('aria-label'))).toEqual([
      'Perma: synced',
      'Box: not sent, see details',
      'Review: needs review',
    ]);
    expect(marks[1]!.getAttribute('title')).toBe(
      'Box: not sent, see details: The server refused it.',
    );
  });

  it('marks a private archive held for the confirmation as waiting, with that reason', () => {
    render(
      <SyncMarks
        servers={[{ id: 'b', name: 'Box', kind: 'archivebox' }]}
        states={[
          state('b', {
            state: 'failed',
            errorCode: 'private-not-confirmed',
            error: 'Waits for your confirmation.',
          }),
        ]}
      />,
    );
    const mark = screen.getByRole('img');
    expect(mark.dataset.kind).toBe('waiting');
    expect(mark.getAttribute('aria-label')).toBe(
      'Box: waiting for your confirmation that the server keeps it private',
    );
    expect(mark.getAttribute('title')).toContain('Waits for your confirmation.');
  });

  it('shows nothing for an archive that syncs nowhere', () => {
    const { container } = render(
      <SyncMarks servers={[{ id: 'p', name: 'Perma', kind: 'perma' }]} states={[]} />,
    );
    expect(container.innerHTML).toBe('');
  });
});
