// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { useFreshDb } from '../db/test-db';
import { createArchive } from '../db/repos/archives';
import { ensureDefaultFolder, folderTree } from '../db/repos/folders';
import type { FolderRow } from '../db/entities';
import { h } from 'preact';
import { LibraryBrowser } from './library-browser';
import { testArchive } from './test-archive';
import { setSyncState } from '../db/repos/sync-states';
import { syncServersItem } from '../storage/sync-servers';
import { readUiState, type BrowserUiState } from '../storage/ui-state';

/** While `hold` is pending, searches wait: a test looks at the page mid-search. */
const searchGate = vi.hoisted(() => ({ hold: undefined as Promise<void> | undefined }));
vi.mock('../db/repos/search', async (importOriginal) => {
  const real = await importOriginal<typeof import('../db/repos/search')>();
  return {
    ...real,
    searchArchives: async (...args: Parameters<typeof real.searchArchives>) => {
      await searchGate.hold;
      return real.searchArchives(...args);
    },
  };
});

/** Seeds the database through the repositories, as the background would have written it. */
async function seed(count: number): Promise<{ root: FolderRow; news: FolderRow }> {
  const db = useFreshDb();
  const root = await ensureDefaultFolder();
  const news: FolderRow = {
    id: 'news',
    parentId: root.id,
    name: 'News',
    createdAt: 2,
    updatedAt: 2,
  };
  await db.folders.add(news);
  for (let i = 0; i < count; i++) {
    await createArchive(
      testArchive({
        id: `a${i}`,
        title: `Page ${i}`,
        url: `https://example.test/${i}`,
        folderId: root.id,
        createdAt: 1000 + i,
      }),
    );
  }
  await createArchive(
    testArchive({ id: 'n1', title: 'Quokka facts', folderId: 'news', createdAt: 5 }),
  );
  return { root, news };
}

async function renderBrowser(initialFolderId?: string, ui?: BrowserUiState) {
  const onReady = vi.fn();
  const tree = await folderTree();
  // (vitest.config.ts collects lib tests as .ts, hence h() rather than JSX)
  render(
    h(LibraryBrowser, {
      layout: 'page',
      tree,
      treeLoaded: true,
      onReady,
      storageAlways: true,
      initialFolderId,
      ui,
    }),
  );
  return onReady;
}

const items = () => document.querySelectorAll<HTMLElement>('li[data-archive-id]');

beforeEach(() => {
  // The storage meter reads navigator.storage, which happy-dom lacks: give it a fixed one.
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: {
      estimate: async () => ({ usage: 100, quota: 1000 }),
      persisted: async () => false,
      persist: async () => true,
    },
  });
});
afterEach(cleanup);

describe('LibraryBrowser', () => {
  it('shows the default folder newest first, 50 at a time, and says when real data is on screen', async () => {
    await seed(60);
    const onReady = await renderBrowser();
    await waitFor(() => expect(items()).toHaveLength(50));
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1));
    expect(document.querySelector('[data-ready="true"]')?.classList).toContain('library-browser');
    expect(items()[0]!.dataset.archiveId).toBe('a59');
    expect(items()[49]!.dataset.archiveId).toBe('a10');
    fireEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(items()).toHaveLength(60));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(items()[59]!.dataset.archiveId).toBe('a0');
  });

  it('opens another folder from the tree and searches across folders with the folder path', async () => {
    await seed(3);
    await renderBrowser();
    await waitFor(() => expect(items()).toHaveLength(3));
    fireEvent.click(screen.getByText('News'));
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    expect(screen.getByRole('heading', { name: 'News' })).toBeTruthy();
    fireEvent.click(screen.getByText('Personal Links'));
    await waitFor(() => expect(items()).toHaveLength(3));
    const box = screen.getByRole('searchbox', { name: 'Search archives' });
    fireEvent.input(box, { target: { value: 'quokka' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    expect(items()[0]!.textContent).toContain('in Personal Links / News');
    expect(screen.getByRole('heading', { name: '1 result for “quokka”' })).toBeTruthy();
  });

  it('keeps the rows on screen while a search runs, then shows its answer', async () => {
    await seed(3);
    await renderBrowser();
    await waitFor(() => expect(items()).toHaveLength(3));
    const before = [...items()];
    let release: () => void = () => {};
    searchGate.hold = new Promise((resolve) => (release = resolve));
    try {
      const box = screen.getByRole('searchbox', { name: 'Search archives' });
      fireEvent.input(box, { target: { value: 'quokka' } });
      fireEvent.submit(box.closest('form')!);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The very same elements: the list was not built again while the search ran. It says
      // that a search runs rather than "0 results", and is busy.
      expect([...items()]).toHaveLength(3);
      [...items()].forEach((item, i) => expect(item).toBe(before[i]));
      expect(screen.getByRole('heading', { name: 'Searching for “quokka”…' })).toBeTruthy();
      expect(
        screen.getByRole('list', { name: 'Searching for “quokka”…' }).getAttribute('aria-busy'),
      ).toBe('true');
    } finally {
      release();
      searchGate.hold = undefined;
    }
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    const results = screen.getByRole('list', { name: '1 result for “quokka”' });
    expect(results.getAttribute('aria-busy')).toBeNull();
  });

  it('says it is loading until a folder answers, never that the folder is empty', async () => {
    await seed(0);
    await renderBrowser();
    const empty = () => document.querySelector('.empty');
    expect(empty()?.textContent).toBe('Loading…');
    expect(empty()?.getAttribute('aria-busy')).toBe('true');
    await waitFor(() => expect(empty()?.textContent).toBe('No archives in this folder yet.'));
    expect(empty()?.getAttribute('aria-busy')).toBeNull();
  });

  it('keeps the search answer busy after Escape until the folder answers', async () => {
    await seed(2);
    await renderBrowser();
    await waitFor(() => expect(items()).toHaveLength(2));
    const box = screen.getByRole('searchbox', { name: 'Search archives' });
    fireEvent.input(box, { target: { value: 'quokka' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    fireEvent.keyDown(box, { key: 'Escape' });
    // The folder's heading at once; the search's row stays, marked busy, until its answer.
    expect(screen.getByRole('heading', { name: 'Personal Links' })).toBeTruthy();
    expect(document.querySelector('.archive-list')?.getAttribute('aria-busy')).toBe('true');
    await waitFor(() =>
      expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['a1', 'a0']),
    );
    expect(document.querySelector('.archive-list')?.getAttribute('aria-busy')).toBeNull();
  });

  it('opens the last destination folder, or the default one when that folder is gone', async () => {
    await seed(2);
    const onReady = await renderBrowser('news');
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    await waitFor(() => expect(onReady).toHaveBeenCalledTimes(1));
    expect(screen.getByRole('heading', { name: 'News' })).toBeTruthy();
    cleanup();
    await renderBrowser('deleted-folder');
    await waitFor(() =>
      expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['a1', 'a0']),
    );
    expect(screen.getByRole('heading', { name: 'Personal Links' })).toBeTruthy();
  });

  it('shows the storage meter on the library page', async () => {
    await seed(0);
    await renderBrowser();
    await waitFor(() => expect(document.querySelector('meter')).toBeTruthy());
    expect(document.querySelector('.storage-text')?.textContent).toBe('100 B of 1000 B used (10%)');
  });

  it('"Not synced" lists, from every folder, the archives not yet on their servers', async () => {
    await seed(3);
    await syncServersItem.setValue([
      {
        id: 's1',
        kind: 'archivebox',
        name: 'Box',
        baseUrl: 'https://box.test',
        allowInsecureHttp: false,
        confirmedPrivate: false,
        enabled: true,
        createdAt: 1,
        updatedAt: 1,
      },
    ]);
    await setSyncState('a0', 's1', { state: 'synced', remoteId: 'x' });
    await setSyncState('a1', 's1', { state: 'pending' });
    await setSyncState('n1', 's1', { state: 'failed', errorCode: 'private-not-confirmed' });
    // A removed server's leftover state does not count.
    await setSyncState('a2', 'gone', { state: 'failed' });
    await renderBrowser();
    await waitFor(() => expect(items()).toHaveLength(3));
    const filter = await screen.findByRole('button', { name: 'Not synced' });
    expect(filter.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(filter);
    await waitFor(() =>
      expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['a1', 'n1']),
    );
    expect(filter.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('heading', { name: '2 archives not synced yet' })).toBeTruthy();
    expect(items()[1]!.textContent).toContain('in Personal Links / News');

    // With a search, only the results that are not synced.
    const box = screen.getByRole('searchbox', { name: 'Search archives' });
    fireEvent.input(box, { target: { value: 'quokka' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    fireEvent.input(box, { target: { value: 'page' } });
    fireEvent.submit(box.closest('form')!);
    // a0 is synced, and a2's only state is on a removed server.
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toContain('a1'));
    const ids = [...items()].map((el) => el.dataset.archiveId);
    expect(ids).not.toContain('a0');
    expect(ids).not.toContain('a2');

    // Opening a folder leaves the filter.
    fireEvent.click(screen.getByText('News'));
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    expect(filter.getAttribute('aria-pressed')).toBe('false');
    await setSyncState('a1', 's1', { state: 'synced', remoteId: 'y' });
    await setSyncState('n1', 's1', { state: 'synced', remoteId: 'z' });
    fireEvent.click(filter);
    await screen.findByText('Every archive is on the servers it goes to.');
  });

  it('opens where it was left on this device (folder, closed folders) and remembers the next choice', async () => {
    const { root } = await seed(2);
    await renderBrowser(undefined, { folderId: 'news', closedFolders: [root.id] });
    await waitFor(() => expect([...items()].map((el) => el.dataset.archiveId)).toEqual(['n1']));
    // Personal Links was left closed: its subfolder News is not shown.
    expect(screen.queryByRole('treeitem', { name: /News/ })).toBeNull();
    const rootItem = screen.getByRole('treeitem', { name: /Personal Links/ });
    expect(rootItem.getAttribute('aria-expanded')).toBe('false');
    fireEvent.keyDown(rootItem, { key: 'ArrowRight' });
    await screen.findByRole('treeitem', { name: /News/ });
    fireEvent.click(screen.getByText('Personal Links'));
    await waitFor(() => expect(items()).toHaveLength(2));
    await waitFor(async () =>
      expect(await readUiState('page')).toMatchObject({ folderId: root.id, closedFolders: [] }),
    );
  });

  it('shows where a result matched: the notes first, else the page text, with the match marked', async () => {
    const db = useFreshDb();
    const root = await ensureDefaultFolder();
    await createArchive(
      testArchive({
        id: 'w1',
        title: 'Weather',
        folderId: root.id,
        notes: 'kept for the quokka census',
      }),
    );
    await createArchive(testArchive({ id: 'w2', title: 'Zoo', folderId: root.id, createdAt: 9 }));
    await db.texts.put({
      archiveId: 'w2',
      text: 'Opening hours. The quokka enclosure is near the gate.',
    });
    await db.searchTerms.put({ archiveId: 'w2', terms: ['zoo', 'quokka'] });
    await renderBrowser();
    const box = screen.getByRole('searchbox', { name: 'Search archives' });
    fireEvent.input(box, { target: { value: 'quokka' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(document.querySelectorAll('.search-snippet')).toHaveLength(2));
    const snippetOf = (id: string) =>
      document.querySelector(`li[data-archive-id="${id}"] .search-snippet`)!;
    expect(snippetOf('w1').textContent).toBe('kept for the quokka census');
    expect(snippetOf('w2').textContent).toBe(
      'Opening hours. The quokka enclosure is near the gate.',
    );
    expect(snippetOf('w2').querySelector('mark')!.textContent).toBe('quokka');
  });

  it('hides failed captures behind "Failed (N)", and sorts by date, title or size, remembering the order', async () => {
    useFreshDb();
    const root = await ensureDefaultFolder();
    const add = (id: string, title: string, createdAt: number, size: number, status = 'complete') =>
      createArchive(
        testArchive({
          id,
          title,
          folderId: root.id,
          createdAt,
          size,
          status: status as 'complete',
        }),
      );
    await add('b', 'Banana', 2, 300);
    await add('a', 'apple', 1, 100);
    await add('c', 'Cherry', 3, 200);
    await add('x', 'Broken', 4, 0, 'failed');
    await renderBrowser();
    const ids = () => [...items()].map((el) => el.dataset.archiveId);
    await waitFor(() => expect(ids()).toEqual(['c', 'b', 'a']));
    const failed = await screen.findByRole('button', { name: 'Failed (1)' });
    fireEvent.click(failed);
    await waitFor(() => expect(ids()).toEqual(['x']));
    expect(failed.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(failed);
    await waitFor(() => expect(ids()).toEqual(['c', 'b', 'a']));
    const sort = screen.getByRole('combobox', { name: 'Sort' });
    for (const [value, order] of [
      ['oldest', ['a', 'b', 'c']],
      ['title', ['a', 'b', 'c']],
      ['size', ['b', 'c', 'a']],
    ] as const) {
      fireEvent.change(sort, { target: { value } });
      await waitFor(() => expect(ids()).toEqual(order));
    }
    await waitFor(async () => expect((await readUiState('page')).sort).toBe('size'));
  });
});
