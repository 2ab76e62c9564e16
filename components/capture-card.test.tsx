// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { CaptureCard } from './capture-card';
import type { ArchiveRow } from '../lib/db/entities';

afterEach(cleanup);

const archive = (patch: Partial<ArchiveRow> = {}): ArchiveRow => ({
  id: 'a1',
  url: 'https://example.test/page',
  title: 'Example page',
  notes: '',
  folderId: 'f',
  isPrivate: false,
  status: 'complete',
  trigger: 'action',
  createdAt: Date.now() - 3 * 60_000,
  updatedAt: Date.now(),
  size: 2048,
  recordCount: 4,
  responseCount: 2,
  ...patch,
});

const handlers = () => ({ onStop: vi.fn(), onDownload: vi.fn(), onOpen: vi.fn() });

describe('CaptureCard', () => {
  it('an archive of minutes ago says so and offers "Archive again"', () => {
    const onArchiveAgain = vi.fn();
    render(
      <CaptureCard archive={archive()} recent onArchiveAgain={onArchiveAgain} {...handlers()} />,
    );
    expect(screen.getByText(/You archived this page 3 minutes ago/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Archive again' }));
    expect(onArchiveAgain).toHaveBeenCalledOnce();
  });

  it('a capture still running offers Stop, not "Archive again", and says when it was already running', () => {
    render(
      <CaptureCard
        archive={archive({
          status: 'capturing',
          capture: { tabId: 9, ownsTab: true, phase: 'loading', pending: 2, bytes: 10 },
        })}
        alreadyRunning
        onArchiveAgain={vi.fn()}
        {...handlers()}
      />,
    );
    expect(screen.getByText(/already being archived/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop and keep' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Archive again' })).toBeNull();
  });

  it('a tab recording lists its pages as they come, then links each to the viewer', () => {
    const pages = [
      { url: 'https://example.test/one', title: 'One', ts: Date.now() - 60_000 },
      { url: 'https://example.test/two', title: 'Two', ts: Date.now() },
    ];
    const running = archive({
      trigger: 'record',
      status: 'capturing',
      pages,
      capture: { tabId: 9, ownsTab: false, phase: 'recording', pending: 0, bytes: 10 },
    });
    const onStop = vi.fn();
    const { rerender } = render(<CaptureCard archive={running} {...handlers()} onStop={onStop} />);
    expect(screen.getByText('Recording…')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Pages so far (2)' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'One' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Stop recording' }));
    expect(onStop).toHaveBeenCalledOnce();

    rerender(
      <CaptureCard
        archive={{ ...running, status: 'complete', capture: undefined }}
        {...handlers()}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Pages (2)' })).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Two' }) as HTMLAnchorElement;
    expect(link.getAttribute('href')).toContain(encodeURIComponent('https://example.test/two'));
  });

  it('a partial capture shows its reason', () => {
    render(
      <CaptureCard
        archive={archive({
          status: 'partial',
          reason: 'Partial: stopped by you; the 2 responses recorded before that were kept.',
        })}
        {...handlers()}
      />,
    );
    expect(screen.getByText(/Partial: stopped by you/)).toBeTruthy();
  });
});
