// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { ArchiveList } from './archive-list';
import type { ArchiveActions } from './archive-item';
import { testArchive } from '../lib/ui/test-archive';
import { DRAG_ARCHIVES } from '../lib/ui/drag';

function actions(): ArchiveActions {
  return {
    onOpen: vi.fn(),
    onSelect: vi.fn(),
    onSetPrivate: vi.fn(),
    onDownload: vi.fn(),
    onEdit: vi.fn(),
    onMove: vi.fn(),
    onDelete: vi.fn(),
    onDragStart: vi.fn(),
  };
}

const archives = [
  testArchive({ id: 'new', title: 'Newest', createdAt: 3, isPrivate: true, pageStatus: 200 }),
  testArchive({
    id: 'cap',
    title: 'Running',
    status: 'capturing',
    responseCount: 7,
    size: 2048,
    capture: { tabId: 1, ownsTab: false, phase: 'loading', pending: 2, bytes: 10 },
  }),
  testArchive({
    id: 'part',
    title: 'Cut short',
    status: 'partial',
    pageStatus: 500,
    reason: 'You closed the debugging bar, so the capture stopped early.',
  }),
  testArchive({
    id: 'fail',
    title: '',
    url: 'https://down.test/',
    status: 'failed',
    reason: 'The page could not be reached.',
    recordCount: 0,
  }),
];
const row = (id: string) => document.querySelector<HTMLElement>(`[data-archive-id="${id}"]`)!;

afterEach(cleanup);

describe('ArchiveList', () => {
  it('shows each archive with title (or URL), live URL, date, size, status and private marker', () => {
    render(
      <ArchiveList
        {...actions()}
        archives={archives}
        selectedIds={new Set()}
        label="Personal Links"
        emptyText="none"
      />,
    );
    const list = screen.getByRole('list', { name: 'Personal Links' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
    const first = within(row('new'));
    // The title opens the archived copy in Cairn's viewer; the live URL is secondary.
    expect(first.getByRole('link', { name: 'Newest' }).getAttribute('href')).toBe(
      'viewer.html?archive=new',
    );
    expect(row('new').querySelector('.live-url')?.textContent).toBe(
      'Live site: https://example.test/page',
    );
    expect(
      first.getByRole('link', { name: 'https://example.test/page' }).getAttribute('href'),
    ).toBe('https://example.test/page');
    expect(row('new').textContent).toContain('20.0 KB stored');
    expect(row('new').querySelector('time')?.getAttribute('datetime')).toBe(
      new Date(3).toISOString(),
    );
    expect(row('new').querySelector('.private-marker')?.textContent).toBe('Private');
    expect(row('part').querySelector('.private-marker')).toBeNull();
    expect(row('new').querySelector('.status')?.textContent).toBe('Complete');
    // Failed without a title: its URL is the title; its reason is shown.
    expect(row('fail').querySelector('.archive-title')?.textContent).toBe('https://down.test/');
    expect(row('fail').textContent).toContain('The page could not be reached.');
    expect(row('part').textContent).toContain('You closed the debugging bar');
    expect(row('part').querySelector('.status')?.textContent).toBe('Partial');
    // An archived error page says so; a page that answered 200 (or is unknown) shows nothing.
    const errorPage = row('part').querySelector('.page-status');
    expect(errorPage?.textContent).toBe('HTTP 500');
    expect(errorPage?.getAttribute('title')).toBe(
      'The server answered HTTP 500: this archive holds its error page.',
    );
    expect(row('new').querySelector('.page-status')).toBeNull();
    expect(row('fail').querySelector('.page-status')).toBeNull();
  });

  it('a running capture shows its live progress and cannot be downloaded or deleted yet', () => {
    render(
      <ArchiveList
        {...actions()}
        archives={archives}
        selectedIds={new Set()}
        label="l"
        emptyText="none"
      />,
    );
    const running = within(row('cap'));
    expect(row('cap').querySelector('.status')?.textContent).toBe('Capturing…');
    expect(row('cap').textContent).toContain('7 responses · 2.0 KB');
    expect(row('cap').textContent).toContain(
      'Recording the page as it loads · 2 requests in flight',
    );
    expect(
      (running.getByRole('button', { name: 'Download WARC' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect((running.getByRole('button', { name: 'Delete' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    // Nothing recorded: nothing to download.
    expect(
      (within(row('fail')).getByRole('button', { name: 'Download WARC' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('each archive has a "Private" switch and a "Download WARC" button, and its actions', () => {
    const a = actions();
    render(
      <ArchiveList
        {...a}
        archives={archives}
        selectedIds={new Set(['part'])}
        label="l"
        emptyText="none"
      />,
    );
    const first = within(row('new'));
    const toggle = first.getByRole('switch', { name: 'Private' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(a.onSetPrivate).toHaveBeenCalledWith(archives[0], false);
    const partSwitch = within(row('part')).getByRole('switch', {
      name: 'Private',
    }) as HTMLInputElement;
    expect(partSwitch.checked).toBe(false);
    fireEvent.click(first.getByRole('button', { name: 'Download WARC' }));
    expect(a.onDownload).toHaveBeenCalledWith(archives[0]);
    fireEvent.click(first.getByRole('button', { name: 'Edit' }));
    fireEvent.click(first.getByRole('button', { name: 'Move to…' }));
    fireEvent.click(first.getByRole('button', { name: 'Delete' }));
    fireEvent.click(first.getByRole('button', { name: 'Details' }));
    expect(a.onEdit).toHaveBeenCalledWith(archives[0]);
    expect(a.onMove).toHaveBeenCalledWith(archives[0]);
    expect(a.onDelete).toHaveBeenCalledWith(archives[0]);
    expect(a.onOpen).toHaveBeenCalledWith(archives[0]);
    // Selection checkboxes, named after the archive.
    const box = screen.getByRole('checkbox', { name: 'Select Cut short' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Newest' }));
    expect(a.onSelect).toHaveBeenCalledWith(archives[0], true);
  });

  it('archives are draggable and report the drag start', () => {
    const a = actions();
    a.onDragStart = vi.fn((_archive, event: DragEvent) =>
      event.dataTransfer?.setData(DRAG_ARCHIVES, '["new"]'),
    );
    render(
      <ArchiveList {...a} archives={archives} selectedIds={new Set()} label="l" emptyText="none" />,
    );
    expect(row('new').getAttribute('draggable')).toBe('true');
    fireEvent.dragStart(row('new'), { dataTransfer: { setData: vi.fn() } });
    expect(a.onDragStart).toHaveBeenCalledWith(archives[0], expect.anything());
  });

  it('shows the folder path of search results and the empty text', () => {
    const { rerender } = render(
      <ArchiveList
        {...actions()}
        archives={archives.slice(0, 1)}
        selectedIds={new Set()}
        label="l"
        emptyText="none"
        folderPaths={new Map([['new', 'Personal Links / News']])}
      />,
    );
    expect(row('new').textContent).toContain('in Personal Links / News');
    rerender(
      <ArchiveList
        {...actions()}
        archives={[]}
        selectedIds={new Set()}
        label="l"
        emptyText="Nothing here."
      />,
    );
    expect(screen.getByText('Nothing here.')).toBeTruthy();
  });

  it('renders a first screenful at once and the rest of a long page a task later', async () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      testArchive({ id: `m${i}`, title: `Page ${i}`, createdAt: 100 - i }),
    );
    render(
      <ArchiveList
        {...actions()}
        archives={many}
        selectedIds={new Set()}
        label="Folder"
        emptyText="Empty"
      />,
    );
    const rendered = () => document.querySelectorAll('li[data-archive-id]');
    expect(rendered().length).toBeLessThan(50);
    expect((rendered()[0] as HTMLElement).dataset.archiveId).toBe('m0');
    await waitFor(() => expect(rendered()).toHaveLength(50));
    expect((rendered()[49] as HTMLElement).dataset.archiveId).toBe('m49');
  });
});
