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
const openMenu = (id: string) =>
  fireEvent.click(row(id).querySelector<HTMLElement>('.row-menu-button')!);

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
    const item = (scope: ReturnType<typeof within>, name: string) =>
      scope.getByRole('menuitem', { name }).getAttribute('aria-disabled');
    openMenu('cap');
    expect(item(running, 'Download WARC')).toBe('true');
    expect(item(running, 'Delete')).toBe('true');
    // Nothing recorded: nothing to download.
    openMenu('fail');
    expect(item(within(row('fail')), 'Download WARC')).toBe('true');
    expect(item(within(row('fail')), 'Delete')).toBeNull();
  });

  it('each archive has one menu of actions, "Private" among them', () => {
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
    const menuButton = first.getByRole('button', { name: 'Actions for Newest' });
    expect(menuButton.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(menuButton);
    expect(menuButton.getAttribute('aria-expanded')).toBe('true');
    const priv = first.getByRole('menuitemcheckbox', { name: 'Private' });
    expect(priv.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(priv);
    expect(a.onSetPrivate).toHaveBeenCalledWith(archives[0], false);
    // Choosing closes the menu and gives focus back to its button.
    expect(first.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(menuButton);
    for (const [name, handler] of [
      ['Download WARC', a.onDownload],
      ['Edit', a.onEdit],
      ['Move to…', a.onMove],
      ['Delete', a.onDelete],
      ['Details', a.onOpen],
    ] as const) {
      fireEvent.click(menuButton);
      fireEvent.click(first.getByRole('menuitem', { name }));
      expect(handler).toHaveBeenCalledWith(archives[0]);
    }
    openMenu('part');
    expect(
      within(row('part'))
        .getByRole('menuitemcheckbox', { name: 'Private' })
        .getAttribute('aria-checked'),
    ).toBe('false');
    // Selection checkboxes, named after the archive.
    const box = screen.getByRole('checkbox', { name: 'Select Cut short' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Newest' }));
    expect(a.onSelect).toHaveBeenCalledWith(archives[0], true);
  });

  it('is one Tab stop per row; arrows move between rows and within a row; the menu has its own keys', () => {
    const a = actions();
    render(
      <ArchiveList {...a} archives={archives} selectedIds={new Set()} label="l" emptyText="none" />,
    );
    const tabStops = [...document.querySelectorAll<HTMLElement>('a, button, input')].filter(
      (el) => el.tabIndex >= 0,
    );
    expect(tabStops.map((el) => el.textContent)).toEqual([
      'Newest',
      'Running',
      'Cut short',
      'https://down.test/',
    ]);
    const title = (id: string) => row(id).querySelector<HTMLElement>('a.archive-title')!;
    const key = (key: string, init: KeyboardEventInit = {}) =>
      fireEvent.keyDown(document.activeElement!, { key, ...init });
    title('new').focus();
    key('ArrowDown');
    expect(document.activeElement).toBe(title('cap'));
    key('End');
    expect(document.activeElement).toBe(title('fail'));
    key('ArrowUp');
    expect(document.activeElement).toBe(title('part'));
    key('ArrowLeft');
    expect(document.activeElement).toBe(within(row('part')).getByRole('checkbox'));
    key('ArrowRight');
    key('ArrowRight');
    expect(document.activeElement?.textContent).toBe('https://example.test/page');
    key('ArrowRight');
    const menuButton = within(row('part')).getByRole('button', { name: 'Actions for Cut short' });
    expect(document.activeElement).toBe(menuButton);
    // Down on the menu button opens the menu on its first entry; the list leaves it alone.
    key('ArrowDown');
    expect(document.activeElement?.textContent).toBe('Details');
    key('ArrowUp');
    expect(document.activeElement?.textContent).toBe('Delete');
    key('Escape');
    expect(within(row('part')).queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(menuButton);
    // Shift+F10 opens the row's menu from its title; Delete deletes (with undo, by the page).
    title('new').focus();
    key('F10', { shiftKey: true });
    expect(document.activeElement?.textContent).toBe('Details');
    key('Escape');
    title('new').focus();
    key('Delete');
    expect(a.onDelete).toHaveBeenCalledWith(archives[0]);
    title('cap').focus();
    key('Delete');
    expect(a.onDelete).toHaveBeenCalledTimes(1);
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
