// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { ArchiveDetailView } from './archive-detail';
import { ArchiveEditDialog } from './archive-edit-dialog';
import type { ArchiveDetail } from '../lib/db/repos/archive-detail';
import { testArchive } from '../lib/ui/test-archive';

const detail: ArchiveDetail = {
  archive: testArchive({
    title: 'Fixture',
    url: 'http://127.0.0.1:1/',
    finalUrl: 'http://127.0.0.1:1/index.html',
    notes: 'Cited in chapter 2',
    isPrivate: true,
  }),
  folderPath: ['Personal Links', 'News'],
  capturesOfUrl: [],
  capturesOfUrlTotal: 1,
  hasScreenshot: true,
  hasMetadata: true,
  records: [
    { seq: 0, warcType: 'warcinfo', length: 300 },
    { seq: 1, warcType: 'request', url: 'http://127.0.0.1:1/', length: 200 },
    {
      seq: 2,
      warcType: 'response',
      url: 'http://127.0.0.1:1/',
      status: 200,
      mime: 'text/html',
      length: 900,
      payloadLength: 2048,
    },
    {
      seq: 3,
      warcType: 'response',
      url: 'http://127.0.0.1:1/missing.png',
      status: 404,
      mime: 'text/html',
      length: 100,
      payloadLength: 50,
    },
    {
      seq: 4,
      warcType: 'revisit',
      url: 'http://127.0.0.1:1/again.css',
      status: 200,
      mime: 'text/css',
      length: 80,
    },
    {
      seq: 5,
      warcType: 'response',
      url: 'http://127.0.0.1:1/big.bin',
      status: 200,
      mime: 'application/octet-stream',
      length: 5000,
      payloadLength: 1048576,
      truncated: 'length',
    },
    {
      seq: 6,
      warcType: 'resource',
      url: 'urn:view:http://127.0.0.1:1/',
      mime: 'image/png',
      length: 4000,
      payloadLength: 3900,
    },
    { seq: 7, warcType: 'metadata', url: 'urn:meta', length: 500 },
  ],
};

afterEach(cleanup);

describe('ArchiveDetailView', () => {
  it('shows the screenshot, the capture metadata and every captured URL with status, type and size', () => {
    render(
      <ArchiveDetailView
        detail={detail}
        screenshotUrl="blob:shot"
        metadata={{
          software: 'Cairn/0.1.0',
          browserVersion: 'Chromium 156',
          userAgent: 'UA',
          viewport: { width: 1280, height: 900 },
          endReason: 'idle',
        }}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={vi.fn()}
      />,
    );
    expect(screen.getByRole('article', { name: 'Fixture' })).toBeTruthy();
    const img = screen.getByRole('img', { name: 'Screenshot of Fixture when it was captured' });
    expect(img.getAttribute('src')).toBe('blob:shot');
    const meta = document.querySelector('.detail-meta')!.textContent!;
    for (const text of [
      'Personal Links / News',
      'http://127.0.0.1:1/index.html',
      '4.0 s',
      '20.0 KB · 8 records · 3 responses',
      'Cairn/0.1.0',
      'Chromium 156',
      '1280 × 900',
      'idle',
      'Cited in chapter 2',
    ]) {
      expect(meta).toContain(text);
    }
    expect(screen.getByRole('heading', { name: 'Captured URLs (5)' })).toBeTruthy();
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['http://127.0.0.1:1/', '200', 'text/html', '2.0 KB'],
      ['http://127.0.0.1:1/missing.png', '404', 'text/html', '50 B'],
      ['http://127.0.0.1:1/again.css', '200 (revisit)', 'text/css', '80 B'],
      ['http://127.0.0.1:1/big.bin', '200', 'application/octet-stream', '1.0 MB (truncated)'],
      ['urn:view:http://127.0.0.1:1/', 'resource', 'image/png', '3.8 KB'],
    ]);
    expect(rows[1]!.className).toBe('http-error');
  });

  it("shows the page's HTTP status, and what an error status means", () => {
    const page = (pageStatus?: number) => ({
      ...detail,
      archive: { ...detail.archive, pageStatus },
    });
    const { rerender } = render(
      <ArchiveDetailView
        detail={page(404)}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={vi.fn()}
      />,
    );
    const meta = () => document.querySelector('.detail-meta')!.textContent!;
    expect(meta()).toContain(
      'Page answeredHTTP 404 The server answered HTTP 404: this archive holds its error page.',
    );
    rerender(
      <ArchiveDetailView
        detail={page(200)}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={vi.fn()}
      />,
    );
    expect(meta()).toContain('Page answeredHTTP 200');
    expect(meta()).not.toContain('error page');
    rerender(
      <ArchiveDetailView
        detail={page(undefined)}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={vi.fn()}
      />,
    );
    expect(meta()).not.toContain('Page answered');
  });

  it('lists every capture of the same URL, newest first, and opens another one in its place', () => {
    const onShowArchive = vi.fn();
    const capture = (id: string, createdAt: number, extra = {}) => ({
      id,
      createdAt,
      status: 'complete' as const,
      isPrivate: false,
      folderPath: ['Personal Links'],
      ...extra,
    });
    const here = detail.archive;
    const withCaptures = {
      ...detail,
      capturesOfUrl: [
        capture('later', Date.UTC(2026, 5, 2, 12), { pageStatus: 404 }),
        capture(here.id, here.createdAt, {
          isPrivate: true,
          folderPath: ['Personal Links', 'News'],
        }),
        capture('first', Date.UTC(2025, 0, 1, 12), { status: 'partial', folderPath: ['Research'] }),
      ],
      capturesOfUrlTotal: 60,
    };
    render(
      <ArchiveDetailView
        detail={withCaptures}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={onShowArchive}
      />,
    );
    const section = screen.getByRole('region', { name: '60 captures of this URL' });
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Jun 2, 2026.*CompleteHTTP 404in Personal Links$/),
      expect.stringMatching(/\(this capture\)CompletePrivatein Personal Links \/ News$/),
      expect.stringMatching(/^Jan 1, 2025.*Partialin Research$/),
    ]);
    // The capture on show is marked, not a button; the others open in its place.
    expect(items[1]!.querySelector('[aria-current="true"]')).toBeTruthy();
    expect(within(items[1]!).queryByRole('button')).toBeNull();
    fireEvent.click(within(items[2]!).getByRole('button'));
    expect(onShowArchive).toHaveBeenCalledWith('first');
    expect(section.textContent).toContain('The newest 3 of 60 are listed');
  });

  it('shows no list of captures when this is the only capture of its URL', () => {
    render(
      <ArchiveDetailView
        detail={detail}
        onClose={vi.fn()}
        onDownload={vi.fn()}
        onShowArchive={vi.fn()}
      />,
    );
    expect(document.querySelector('.captures-of-url')).toBeNull();
  });

  it('says the screenshot is loading until it is read, and offers download and close', () => {
    const onClose = vi.fn();
    const onDownload = vi.fn();
    render(
      <ArchiveDetailView
        detail={detail}
        onClose={onClose}
        onDownload={onDownload}
        onShowArchive={vi.fn()}
      />,
    );
    expect(screen.getByText('Loading the screenshot…')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download WARC' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    expect(onDownload).toHaveBeenCalled();
    expect(onClose).toHaveBeenCalled();
  });
});

describe('ArchiveEditDialog', () => {
  it('edits title and notes, and keeps the dialog with the reason when saving fails', async () => {
    const onSave = vi
      .fn()
      .mockResolvedValueOnce('IndexedDB is full.')
      .mockResolvedValueOnce(undefined);
    render(
      <ArchiveEditDialog
        archive={testArchive({ title: 'Old', notes: '' })}
        onSave={onSave}
        onCancel={vi.fn()}
      />,
    );
    const title = screen.getByRole('textbox', { name: 'Title' }) as HTMLInputElement;
    const notes = screen.getByRole('textbox', { name: 'Notes' }) as HTMLTextAreaElement;
    expect(title.value).toBe('Old');
    fireEvent.input(title, { target: { value: '  New title ' } });
    fireEvent.input(notes, { target: { value: 'why it matters' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('IndexedDB is full.');
    expect(onSave).toHaveBeenCalledWith({ title: 'New title', notes: 'why it matters' });
    expect(title.value).toBe('  New title ');
  });

  it('sends only what changed: new notes save on an archive whose stored title is 4,096 characters', async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    render(
      <ArchiveEditDialog
        archive={testArchive({ title: 'x'.repeat(4096), notes: '' })}
        onSave={onSave}
        onCancel={vi.fn()}
      />,
    );
    fireEvent.input(screen.getByRole('textbox', { name: 'Notes' }), {
      target: { value: 'only the notes' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await vi.waitFor(() => expect(onSave).toHaveBeenCalledWith({ notes: 'only the notes' }));
  });
});
