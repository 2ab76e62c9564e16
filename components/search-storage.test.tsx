// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { SearchBox } from './search-box';
import { StorageMeter } from './storage-meter';
import type { StorageUse } from '../lib/platform/storage-estimate';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('SearchBox', () => {
  it('searches shortly after typing stops (not on every key), at once on Enter, and Escape clears', () => {
    vi.useFakeTimers();
    const onSearch = vi.fn();
    render(<SearchBox value="" onSearch={onSearch} delayMs={100} />);
    expect(screen.getByRole('search')).toBeTruthy();
    const box = screen.getByRole('searchbox', { name: 'Search archives' });
    fireEvent.input(box, { target: { value: 'arc' } });
    act(() => {
      vi.advanceTimersByTime(50);
    });
    fireEvent.input(box, { target: { value: 'archive' } });
    act(() => {
      vi.advanceTimersByTime(50);
    });
    expect(onSearch).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(60);
    });
    expect(onSearch.mock.calls).toEqual([['archive']]);
    fireEvent.submit(box.closest('form')!);
    expect(onSearch).toHaveBeenLastCalledWith('archive');
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(onSearch).toHaveBeenLastCalledWith('');
    expect((box as HTMLInputElement).value).toBe('');
  });
});

function use(ratio: number, persisted = false): StorageUse {
  const quota = 10 * 1024 ** 3;
  return { usage: quota * ratio, quota, ratio, warning: ratio >= 0.8, persisted };
}

describe('StorageMeter', () => {
  it('shows use against the quota, with no warning below 80%', () => {
    render(<StorageMeter use={use(0.5)} onPersist={vi.fn()} />);
    // (the DOM library's role table predates <meter>'s implicit role "meter")
    const meter = document.querySelector('meter')!;
    expect(meter.getAttribute('aria-label')).toBe('Storage');
    expect(Number(meter.getAttribute('value'))).toBe(0.5);
    expect(meter.getAttribute('aria-valuetext')).toBe('5.0 GB of 10.0 GB used (50%)');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns from 80%', () => {
    render(<StorageMeter use={use(0.8)} onPersist={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toBe(
      'Storage is 80% full. Delete or download archives you no longer need.',
    );
  });

  it('says clearly when storage is full (by the estimate, or after a failed write)', () => {
    const { rerender } = render(<StorageMeter use={use(0.99)} onPersist={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain(
      'Storage is full: new captures will fail.',
    );
    rerender(<StorageMeter use={use(0.3)} full onPersist={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('Storage is full');
  });

  it('asks for persistent storage until the browser grants it', () => {
    const onPersist = vi.fn();
    const { rerender } = render(<StorageMeter use={use(0.1)} onPersist={onPersist} />);
    fireEvent.click(
      screen.getByRole('button', { name: 'Keep my archives when disk space is low' }),
    );
    expect(onPersist).toHaveBeenCalled();
    expect(screen.queryByRole('status')).toBeNull();
    // A refusal is said, with the sure way to keep the archives.
    rerender(<StorageMeter use={use(0.1)} onPersist={onPersist} persistRefused />);
    expect(screen.getByRole('status').textContent).toMatch(
      /^Chrome did not agree to keep Cairn's data .* Back up the library/,
    );
    rerender(<StorageMeter use={use(0.1, true)} onPersist={onPersist} />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(
      screen.getByText('The browser keeps these archives even when disk space is low.'),
    ).toBeTruthy();
  });
});
