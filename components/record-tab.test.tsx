// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { RecordTab } from './record-tab';

afterEach(cleanup);

describe('RecordTab', () => {
  it('offers "from now on" or "reload first", focusing the first choice', async () => {
    const onRecord = vi.fn(async () => undefined);
    render(<RecordTab onRecord={onRecord} />);
    const toggle = screen.getByRole('button', { name: 'Record this tab' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const now = screen.getByRole('button', { name: 'Record from now on' });
    expect(document.activeElement).toBe(now);
    fireEvent.click(screen.getByRole('button', { name: 'Reload first to include this page' }));
    await waitFor(() => expect(onRecord).toHaveBeenCalledWith(true, false));
    await waitFor(() => expect(screen.queryByRole('group')).toBeNull());
  });

  it('asks before reloading a page with typed input, and reloads only when confirmed', async () => {
    const onRecord = vi.fn(async (reloadFirst: boolean, confirmed: boolean) =>
      reloadFirst && !confirmed ? ('unsaved-input' as const) : undefined,
    );
    render(<RecordTab onRecord={onRecord} />);
    fireEvent.click(screen.getByRole('button', { name: 'Record this tab' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reload first to include this page' }));
    const question = await screen.findByRole('alert');
    expect(question.textContent).toContain('Reloading it would lose them');
    fireEvent.click(screen.getByRole('button', { name: 'Reload anyway' }));
    await waitFor(() => expect(onRecord).toHaveBeenLastCalledWith(true, true));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('Escape or Cancel closes the choices without recording', () => {
    const onRecord = vi.fn(async () => undefined);
    render(<RecordTab onRecord={onRecord} />);
    fireEvent.click(screen.getByRole('button', { name: 'Record this tab' }));
    fireEvent.keyDown(screen.getByRole('group'), { key: 'Escape' });
    expect(screen.queryByRole('group')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Record this tab' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(onRecord).not.toHaveBeenCalled();
  });
});
