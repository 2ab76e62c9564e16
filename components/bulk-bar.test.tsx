// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { BulkBar } from './bulk-bar';
import { UndoToast } from './undo-toast';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function handlers() {
  return {
    onSelectAll: vi.fn(),
    onMove: vi.fn(),
    onSetPrivate: vi.fn(),
    onDownload: vi.fn(),
    onExportWacz: vi.fn(),
    onDelete: vi.fn(),
  };
}

describe('BulkBar', () => {
  it('without a selection offers only "Select all"', () => {
    const h = handlers();
    render(<BulkBar selectedCount={0} totalCount={3} {...h} />);
    const all = screen.getByRole('checkbox', { name: 'Select all' }) as HTMLInputElement;
    expect(all.checked).toBe(false);
    expect(screen.queryByRole('button')).toBeNull();
    fireEvent.click(all);
    expect(h.onSelectAll).toHaveBeenCalledWith(true);
  });

  it('with a selection: count, move, private on/off, download and delete together', () => {
    const h = handlers();
    render(<BulkBar selectedCount={2} totalCount={3} {...h} />);
    expect(
      screen.getByRole('toolbar', { name: 'Actions on selected archives' }).textContent,
    ).toContain('2 selected');
    const all = screen.getByRole('checkbox', { name: 'Select all' }) as HTMLInputElement;
    expect(all.indeterminate).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Move to…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Make private' }));
    fireEvent.click(screen.getByRole('button', { name: 'Make not private' }));
    fireEvent.click(screen.getByRole('button', { name: 'Download WARCs' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export as WACZ' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(h.onMove).toHaveBeenCalled();
    expect(h.onSetPrivate.mock.calls).toEqual([[true], [false]]);
    expect(h.onDownload).toHaveBeenCalled();
    expect(h.onExportWacz).toHaveBeenCalled();
    expect(h.onDelete).toHaveBeenCalled();
  });

  it('all selected: the box is checked and unchecking clears the selection', () => {
    const h = handlers();
    render(<BulkBar selectedCount={3} totalCount={3} {...h} />);
    const all = screen.getByRole('checkbox', { name: 'Select all' }) as HTMLInputElement;
    expect(all.checked).toBe(true);
    fireEvent.click(all);
    expect(h.onSelectAll).toHaveBeenCalledWith(false);
  });
});

describe('UndoToast', () => {
  it('announces the deletion, offers Undo, and leaves at the purge time', () => {
    vi.useFakeTimers();
    const onUndo = vi.fn();
    const onExpire = vi.fn();
    render(
      <UndoToast
        message="Deleted 2 archives."
        until={Date.now() + 8000}
        onUndo={onUndo}
        onExpire={onExpire}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('Deleted 2 archives.');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(onUndo).toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(7900);
    });
    expect(onExpire).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(onExpire).toHaveBeenCalled();
  });
});

describe('UndoToast focus', () => {
  it('takes the focus only when it was lost (the deleted row held it)', async () => {
    (document.activeElement as HTMLElement | null)?.blur();
    render(
      <UndoToast message="Deleted" until={Date.now() + 8000} onUndo={vi.fn()} onExpire={vi.fn()} />,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' }));
    cleanup();
    const other = document.createElement('button');
    document.body.append(other);
    other.focus();
    render(
      <UndoToast message="Deleted" until={Date.now() + 8000} onUndo={vi.fn()} onExpire={vi.fn()} />,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.activeElement).toBe(other);
    other.remove();
  });
});
