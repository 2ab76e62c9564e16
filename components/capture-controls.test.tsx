// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { CaptureControls } from './capture-controls';
import { CaptureCard } from './capture-card';
import { testFolderId, testTree } from '../lib/ui/test-tree';
import { testArchive } from '../lib/ui/test-archive';

const tree = testTree({ 'Personal Links': 0, 'Personal Links/News': 0, Research: 0 });

afterEach(cleanup);

function setup(overrides: Partial<Parameters<typeof CaptureControls>[0]> = {}) {
  const props = {
    tree,
    folderId: testFolderId('Research'),
    isPrivate: false,
    onDestinationChange: vi.fn(),
    onArchivePage: vi.fn(),
    onArchiveUrl: vi.fn(async () => undefined as string | undefined),
    ...overrides,
  };
  render(<CaptureControls {...props} />);
  return props;
}

describe('CaptureControls', () => {
  it('has the stable names: "Archive this page", "URL to archive", "Archive", "Private"', () => {
    const props = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Archive this page' }));
    expect(props.onArchivePage).toHaveBeenCalled();
    expect(screen.getByRole('textbox', { name: 'URL to archive' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Archive' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByRole('switch', { name: 'Private' })).toBeTruthy();
  });

  it('without a page to archive (library page) there is no "Archive this page"', () => {
    setup({ onArchivePage: undefined });
    expect(screen.queryByRole('button', { name: 'Archive this page' })).toBeNull();
  });

  it('chooses the destination folder (nested folders indented) and the private flag', async () => {
    const props = setup();
    const select = screen.getByRole('combobox', { name: 'Folder' }) as HTMLSelectElement;
    expect(select.value).toBe(testFolderId('Research'));
    // The chosen folder shows at once, every folder a task later.
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent!.trim())).toEqual([
        'Personal Links',
        'News',
        'Research',
      ]),
    );
    expect(select.options[1]!.textContent!.startsWith('\u2002')).toBe(true);
    fireEvent.change(select, { target: { value: testFolderId('Personal Links/News') } });
    expect(props.onDestinationChange).toHaveBeenCalledWith({
      folderId: testFolderId('Personal Links/News'),
    });
    fireEvent.click(screen.getByRole('switch', { name: 'Private' }));
    expect(props.onDestinationChange).toHaveBeenCalledWith({ isPrivate: true });
  });

  it('first shows only the chosen folder, and every folder once the field is focused', () => {
    setup();
    const select = screen.getByRole('combobox', { name: 'Folder' }) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual([testFolderId('Research')]);
    fireEvent.focus(select);
    expect(select.options).toHaveLength(3);
  });

  it('still shows only the chosen folder first when the folders arrive after the first render', async () => {
    const props = {
      folderId: testFolderId('Research'),
      isPrivate: false,
      onDestinationChange: vi.fn(),
      onArchiveUrl: vi.fn(),
    };
    const view = render(<CaptureControls {...props} tree={[]} />);
    await new Promise((resolve) => setTimeout(resolve, 10));
    view.rerender(<CaptureControls {...props} tree={tree} />);
    const select = screen.getByRole('combobox', { name: 'Folder' }) as HTMLSelectElement;
    expect(select.options).toHaveLength(1);
    await waitFor(() => expect(select.options).toHaveLength(3));
  });

  it('archives a URL and clears the box; a refused URL keeps the text and says why', async () => {
    const onArchiveUrl = vi
      .fn()
      .mockResolvedValueOnce('chrome:// pages cannot be archived.')
      .mockResolvedValueOnce(undefined);
    setup({ onArchiveUrl });
    const box = screen.getByRole('textbox', { name: 'URL to archive' }) as HTMLInputElement;
    fireEvent.input(box, { target: { value: ' chrome://settings ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'chrome:// pages cannot be archived.',
    );
    expect(onArchiveUrl).toHaveBeenCalledWith('chrome://settings');
    expect(box.value).toBe(' chrome://settings ');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(box, { target: { value: 'https://example.test/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(box.value).toBe(''));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('CaptureCard', () => {
  it('shows live progress with a Stop button while capturing', () => {
    const onStop = vi.fn();
    render(
      <CaptureCard
        archive={testArchive({
          status: 'capturing',
          responseCount: 12,
          size: 3 * 1024 * 1024,
          capture: { tabId: 1, ownsTab: false, phase: 'scrolling', pending: 0, bytes: 0 },
          isPrivate: true,
        })}
        folderPath="Personal Links / News"
        onStop={onStop}
        onDownload={vi.fn()}
      />,
    );
    const card = document.querySelector('.capture-card')!;
    expect(card.textContent).toContain('12 responses · 3.0 MB');
    expect(card.textContent).toContain('Scrolling to load lazy content');
    expect(card.textContent).toContain('in Personal Links / News');
    expect(card.querySelector('.private-marker')?.textContent).toBe('Private');
    fireEvent.click(screen.getByRole('button', { name: 'Stop and keep' }));
    expect(onStop).toHaveBeenCalled();
  });

  it('ends on the result: partial with why, and Download WARC', () => {
    const onDownload = vi.fn();
    const onOpen = vi.fn();
    render(
      <CaptureCard
        archive={testArchive({
          status: 'partial',
          reason: 'Stopped at the 60 s limit.',
          pageStatus: 503,
        })}
        onStop={vi.fn()}
        onDownload={onDownload}
        onOpen={onOpen}
      />,
    );
    expect(document.querySelector('.capture-card')!.textContent).toContain(
      'Stopped at the 60 s limit.',
    );
    expect(document.querySelector('.capture-card .page-status')?.textContent).toBe('HTTP 503');
    expect(screen.queryByRole('button', { name: 'Stop and keep' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Download WARC' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show details' }));
    expect(onDownload).toHaveBeenCalled();
    expect(onOpen).toHaveBeenCalled();
  });
});
