// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { MoveDialog } from './move-dialog';
import { testFolderId, testTree } from '../lib/ui/test-tree';
import { subtreeOf, indexTree } from '../lib/ui/folder-tree';

const tree = testTree({
  'Personal Links': 0,
  'Personal Links/News': 0,
  'Personal Links/News/Science': 0,
  Research: 0,
});
const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;

afterEach(cleanup);

describe('MoveDialog', () => {
  it('is a labelled modal dialog listing every folder as a radio choice', () => {
    render(
      <MoveDialog
        title="Move to…"
        tree={tree}
        disabledIds={new Set()}
        onMove={vi.fn()}
        onCancel={vi.fn()}
      />,
    );
    expect(screen.getByRole('dialog', { name: 'Move to…' })).toBeTruthy();
    expect(screen.getAllByRole('radio').map((r) => r.parentElement!.textContent)).toEqual([
      'Personal Links',
      'News',
      'Science',
      'Research',
    ]);
  });

  it('moving a folder disables the folder itself and its descendants, and offers the top level', () => {
    const onMove = vi.fn();
    const news = indexTree(tree).get(testFolderId('Personal Links/News'));
    render(
      <MoveDialog
        title="Move"
        tree={tree}
        disabledIds={subtreeOf(news)}
        topLevel
        onMove={onMove}
        onCancel={vi.fn()}
      />,
    );
    expect(radio('News').disabled).toBe(true);
    expect(radio('Science').disabled).toBe(true);
    expect(radio('Research').disabled).toBe(false);
    expect(radio('Top level').checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Move here' }));
    expect(onMove).toHaveBeenLastCalledWith(null);
    fireEvent.click(radio('Research'));
    fireEvent.click(screen.getByRole('button', { name: 'Move here' }));
    expect(onMove).toHaveBeenLastCalledWith(testFolderId('Research'));
  });

  it('preselects the first allowed folder and never moves to a disabled one', () => {
    const onMove = vi.fn();
    render(
      <MoveDialog
        title="Move"
        tree={tree}
        disabledIds={new Set([testFolderId('Personal Links')])}
        onMove={onMove}
        onCancel={vi.fn()}
      />,
    );
    expect(radio('Personal Links').disabled).toBe(true);
    expect(radio('News').checked).toBe(true);
    fireEvent.click(radio('Personal Links'));
    fireEvent.submit(screen.getByRole('button', { name: 'Move here' }).closest('form')!);
    expect(onMove).toHaveBeenCalledWith(testFolderId('Personal Links/News'));
  });

  it('Cancel and Escape close without moving', () => {
    const onMove = vi.fn();
    const onCancel = vi.fn();
    render(
      <MoveDialog
        title="Move"
        tree={tree}
        disabledIds={new Set()}
        onMove={onMove}
        onCancel={onCancel}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }));
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onMove).not.toHaveBeenCalled();
  });
});
