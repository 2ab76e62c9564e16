import { useEffect, useState } from 'preact/hooks';
import {
  getArchiveDetail,
  readCaptureMetadata,
  readScreenshot,
  type ArchiveDetail,
} from '../db/repos/archive-detail';
import { t } from '../i18n';
import { useLiveQueryState } from './use-live-query';
import { ArchiveDetailView } from '../../components/archive-detail';

/** Reads one archive's detail, screenshot and capture metadata, and shows them. */
export function ArchiveDetailPane(props: {
  archiveId: string;
  onClose(): void;
  onDownload(): void;
  onShowArchive(archiveId: string): void;
  /** Move focus to the details' heading once they show (they were opened by the user). */
  focusOnOpen?: boolean;
}) {
  const detail = useLiveQueryState(
    () => getArchiveDetail(props.archiveId),
    [props.archiveId],
    undefined as ArchiveDetail | undefined,
  );
  const [screenshotUrl, setScreenshotUrl] = useState<string>();
  const [metadata, setMetadata] = useState<Record<string, unknown>>();
  const hasScreenshot = detail.value?.hasScreenshot ?? false;
  const recordCount = detail.value?.archive.recordCount ?? 0;

  useEffect(() => {
    let url: string | undefined;
    let cancelled = false;
    setScreenshotUrl(undefined);
    if (hasScreenshot) {
      readScreenshot(props.archiveId).then(
        (blob) => {
          if (cancelled || !blob) return;
          url = URL.createObjectURL(blob);
          setScreenshotUrl(url);
        },
        (error) => console.error('[cairn] screenshot', error),
      );
    }
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [props.archiveId, hasScreenshot]);

  useEffect(() => {
    let cancelled = false;
    readCaptureMetadata(props.archiveId).then(
      (m) => !cancelled && setMetadata(m),
      (error) => console.error('[cairn] capture metadata', error),
    );
    return () => {
      cancelled = true;
    };
  }, [props.archiveId, recordCount]);

  const loaded = detail.value !== undefined;
  // Keyboard users land in what they opened, not back at the top of the page.
  useEffect(() => {
    if (!loaded || !props.focusOnOpen) return;
    document.getElementById('archive-detail-title')?.focus();
  }, [loaded, props.archiveId]);

  if (!detail.value) {
    return <p class="muted">{detail.loaded ? t('libraryArchiveGone') : t('libraryLoading')}</p>;
  }
  return (
    <ArchiveDetailView
      detail={detail.value}
      screenshotUrl={screenshotUrl}
      metadata={metadata}
      onClose={props.onClose}
      onDownload={props.onDownload}
      onShowArchive={props.onShowArchive}
    />
  );
}
