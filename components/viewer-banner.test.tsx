// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { ViewerBanner } from './viewer-banner';
import { ViewerRecords } from './viewer-records';
import { testArchive } from '../lib/ui/test-archive';
import type { ArchiveDetail, RecordSummary } from '../lib/db/repos/archive-detail';

afterEach(cleanup);

const records: RecordSummary[] = [
  { seq: 0, warcType: 'warcinfo', length: 300 },
  {
    seq: 1,
    warcType: 'response',
    url: 'https://example.test/page',
    status: 200,
    mime: 'text/html',
    length: 900,
    payloadLength: 2048,
  },
  { seq: 2, warcType: 'request', url: 'https://example.test/page', length: 200 },
  {
    seq: 3,
    warcType: 'revisit',
    url: 'https://example.test/copy.css',
    status: 200,
    mime: 'text/css',
    length: 400,
  },
  {
    seq: 4,
    warcType: 'response',
    url: 'https://example.test/big.bin',
    status: 200,
    length: 10,
    truncated: 'length',
  },
];

function detail(patch: Partial<ArchiveDetail> = {}): ArchiveDetail {
  return {
    archive: testArchive({
      isPrivate: true,
      status: 'partial',
      reason: 'Partial: stopped by you',
      pageStatus: 404,
    }),
    folderPath: ['Personal Links', 'News'],
    capturesOfUrl: [],
    capturesOfUrlTotal: 1,
    records,
    hasScreenshot: true,
    hasMetadata: true,
    ...patch,
  };
}

const handlers = () => ({ onPane: vi.fn(), onDownload: vi.fn(), onDownloadWacz: vi.fn() });

describe('ViewerBanner', () => {
  it('names the archive: title, archived copy of its URL, capture time, marks and folder', () => {
    render(<ViewerBanner detail={detail()} pane="page" blocked={0} {...handlers()} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Example page');
    const banner = screen.getByRole('banner');
    expect(banner.textContent).toContain('Archived copy of https://example.test/page');
    expect(banner.textContent).toContain('Captured Dec 1, 2026');
    expect(banner.textContent).toContain('Partial');
    expect(banner.textContent).toContain('HTTP 404');
    expect(banner.textContent).toContain('Private');
    expect(banner.textContent).toContain('in Personal Links / News');
    expect(banner.textContent).toContain('Partial: stopped by you');
    // The live site is a separate, labelled link that opens a new tab.
    const live = screen.getByRole('link', { name: 'Live site ↗' });
    expect(live.getAttribute('href')).toBe('https://example.test/page');
    expect(live.getAttribute('target')).toBe('_blank');
  });

  it('switches panes with pressed buttons; "captures" only when there are others', () => {
    const h = handlers();
    const { rerender } = render(<ViewerBanner detail={detail()} pane="text" blocked={0} {...h} />);
    expect(screen.queryByRole('button', { name: /Captures of this address/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Text' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Archived page' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Screenshot' }));
    expect(h.onPane).toHaveBeenCalledWith('screenshot');
    fireEvent.click(screen.getByRole('button', { name: 'Captured URLs (5)' }));
    expect(h.onPane).toHaveBeenCalledWith('records');
    fireEvent.click(screen.getByRole('button', { name: 'Download WARC' }));
    expect(h.onDownload).toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Download WACZ' }));
    expect(h.onDownloadWacz).toHaveBeenCalled();
    rerender(
      <ViewerBanner detail={detail({ capturesOfUrlTotal: 3 })} pane="page" blocked={0} {...h} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Captures of this address (3)' }));
    expect(h.onPane).toHaveBeenCalledWith('captures');
  });

  it('says that replay is offline, counts blocked requests, and shows a stopped replay', () => {
    const { rerender } = render(
      <ViewerBanner detail={detail()} pane="page" blocked={2} {...handlers()} />,
    );
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('nothing is loaded from the live web');
    expect(status.textContent).toContain('Requests to the live web blocked: 2.');
    rerender(
      <ViewerBanner
        detail={detail()}
        pane="page"
        blocked={0}
        status="Replay stopped."
        {...handlers()}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Replay stopped.');
  });
});

describe('ViewerRecords', () => {
  it('lists every response, each opening in the viewer', () => {
    const onOpen = vi.fn();
    render(<ViewerRecords records={records} onOpen={onOpen} />);
    expect(screen.getByRole('heading', { name: 'Captured URLs (3)' })).toBeTruthy();
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[3]!.textContent).toContain('(cut off)');
    fireEvent.click(screen.getByRole('button', { name: 'https://example.test/copy.css' }));
    expect(onOpen).toHaveBeenCalledWith('https://example.test/copy.css');
  });

  it('says so when there is nothing to list', () => {
    render(<ViewerRecords records={[records[0]!]} onOpen={vi.fn()} />);
    expect(screen.getByText('This archive holds no responses.')).toBeTruthy();
  });
});
