// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ListFilters } from './list-filters';

afterEach(cleanup);

describe('ListFilters', () => {
  it('opens on demand and reports each change, dropping what was cleared', () => {
    const onChange = vi.fn();
    const { rerender } = render(<ListFilters filters={{}} onChange={onChange} />);
    const button = screen.getByRole('button', { name: 'Filters' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    fireEvent.change(screen.getByRole('combobox', { name: 'Private flag' }), {
      target: { value: 'private' },
    });
    expect(onChange).toHaveBeenLastCalledWith({ privacy: 'private' });
    rerender(<ListFilters filters={{ privacy: 'private' }} onChange={onChange} />);
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Only pages that answered with an HTTP error' }),
    );
    expect(onChange).toHaveBeenLastCalledWith({ privacy: 'private', httpError: true });
    rerender(<ListFilters filters={{ privacy: 'private', httpError: true }} onChange={onChange} />);
    expect(screen.getByRole('button', { name: 'Filters (2)' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Captured from'), { target: { value: '2026-03-01' } });
    expect(onChange).toHaveBeenLastCalledWith({
      privacy: 'private',
      httpError: true,
      from: '2026-03-01',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onChange).toHaveBeenLastCalledWith({});
  });

  it('offers to keep a search in the folder only while searching, and opens when filters are set', () => {
    const onChange = vi.fn();
    const { rerender } = render(
      <ListFilters filters={{ inFolder: true }} onChange={onChange} searchFolderName="News" />,
    );
    const inFolder = screen.getByRole('checkbox', {
      name: 'Search only in “News” and its subfolders',
    }) as HTMLInputElement;
    expect(inFolder.checked).toBe(true);
    fireEvent.click(inFolder);
    expect(onChange).toHaveBeenLastCalledWith({});
    rerender(<ListFilters filters={{ inFolder: true }} onChange={onChange} />);
    expect(screen.queryByRole('checkbox', { name: /Search only in/ })).toBeNull();
  });
});
