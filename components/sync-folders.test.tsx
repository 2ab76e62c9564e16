// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { SyncFolders } from './sync-folders';
import type { FolderNode } from '../lib/db/repos/folders';
import type { FolderRow } from '../lib/db/entities';
import type { FolderSyncRule, ServerSummary } from '../lib/storage/sync-types';

afterEach(cleanup);

function node(
  id: string,
  name: string,
  parentId: string | null,
  children: FolderNode[] = [],
  depth = 0,
): FolderNode {
  const folder: FolderRow = { id, name, parentId, createdAt: 1, updatedAt: 1 };
  return { folder, depth, count: 0, total: 0, isDefault: id === 'root', children };
}

const tree: FolderNode[] = [
  node('root', 'Personal Links', null, [
    node('news', 'News', 'root', [node('sci', 'Science', 'news', [], 2)], 1),
  ]),
  node('research', 'Research', null),
];

function server(id: string, name: string): ServerSummary {
  return {
    id,
    name,
    kind: 'perma',
    baseUrl: 'https://api.perma.cc',
    allowInsecureHttp: false,
    confirmedPrivate: false,
    enabled: true,
    hasCredentials: true,
    createdAt: 1,
    updatedAt: 1,
  };
}
const servers = [server('p', 'Perma'), server('a', 'Box')];

function renderFolders(
  rules: FolderSyncRule[],
  extra: Partial<Parameters<typeof SyncFolders>[0]> = {},
) {
  const onChange = vi.fn();
  render(
    <SyncFolders tree={tree} servers={servers} rules={rules} onChange={onChange} {...extra} />,
  );
  return onChange;
}

const box = (folder: string, srv: string) =>
  screen.getByRole('checkbox', { name: `Sync “${folder}” to ${srv}` }) as HTMLInputElement;
const row = (folder: string) => screen.getByRole('rowheader', { name: folder }).closest('tr')!;

describe('SyncFolders', () => {
  it('shows nothing chosen as local only, and subfolders following their parent', () => {
    renderFolders([{ folderId: 'root', serverIds: ['p'] }]);
    expect(box('Personal Links', 'Perma').checked).toBe(true);
    expect(box('News', 'Perma').checked).toBe(true);
    expect(box('Science', 'Perma').checked).toBe(true);
    expect(box('Science', 'Box').checked).toBe(false);
    expect(box('Research', 'Perma').checked).toBe(false);
    expect(within(row('Personal Links')).getByText('Own choice')).toBeTruthy();
    expect(within(row('Science')).getByText('Same as “News”')).toBeTruthy();
    expect(within(row('Research')).getByText('Local only')).toBeTruthy();
  });

  it('ticking a box gives the folder its own choice: what it inherited plus that server', () => {
    const onChange = renderFolders([{ folderId: 'root', serverIds: ['p'] }]);
    fireEvent.click(box('News', 'Box'));
    expect(onChange).toHaveBeenCalledWith('news', ['p', 'a']);
    fireEvent.click(box('Science', 'Perma'));
    expect(onChange).toHaveBeenLastCalledWith('sci', []);
  });

  it('"Keep local" and "Follow parent" set and drop the own choice', () => {
    const onChange = renderFolders([
      { folderId: 'root', serverIds: ['p'] },
      { folderId: 'news', serverIds: [] },
    ]);
    expect(within(row('News')).getByText('Local only (own choice)')).toBeTruthy();
    expect(box('Science', 'Perma').checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Make “News” follow its parent folder' }));
    expect(onChange).toHaveBeenCalledWith('news', undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Keep “Personal Links” local only' }));
    expect(onChange).toHaveBeenLastCalledWith('root', []);
  });

  it('shows a change being saved as made, with that row disabled', () => {
    renderFolders([], { pending: { folderId: 'research', serverIds: ['a'] } });
    expect(box('Research', 'Box').checked).toBe(true);
    expect(box('Research', 'Box').disabled).toBe(true);
    expect(box('News', 'Box').disabled).toBe(false);
  });

  it('ignores servers that no longer exist and explains empty states', () => {
    renderFolders([{ folderId: 'root', serverIds: ['gone'] }]);
    expect(within(row('Personal Links')).getByText('Local only (own choice)')).toBeTruthy();
    cleanup();
    render(<SyncFolders tree={tree} servers={[]} rules={[]} onChange={vi.fn()} />);
    expect(screen.getByText(/Add a server first/)).toBeTruthy();
    cleanup();
    render(<SyncFolders tree={[]} servers={servers} rules={[]} onChange={vi.fn()} />);
    expect(screen.getByText(/No folders yet/)).toBeTruthy();
  });
});
