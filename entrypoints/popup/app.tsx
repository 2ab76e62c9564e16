import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ArchiveRow } from '../../lib/db/entities';
import { getArchive, listRecentArchives } from '../../lib/db/repos/archives';
import { listFolders } from '../../lib/db/repos/folders';
import { sendMessage } from '../../lib/messaging/client';
import { lastDestinationItem, type CaptureDestination } from '../../lib/storage/items';
import { useLiveQuery } from '../../lib/ui/use-live-query';
import { downloadArchive } from '../../lib/ui/download';
import { errorMessage } from '../../lib/errors';
import { t } from '../../lib/i18n';
import { CaptureCard } from '../../components/capture-card';
import { UrlForm } from '../../components/url-form';
import { DestinationPicker } from '../../components/destination-picker';
import { ArchiveList } from '../../components/archive-list';

/**
 * The tab the popup acts on. Opened from the toolbar it is the active tab; tests (and a popup
 * opened in a tab) pass ?tabId= because there the "active tab" is the popup's own tab.
 */
async function targetTabId(): Promise<number | undefined> {
  const param = new URLSearchParams(location.search).get('tabId');
  if (param) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}

/** The popup: opening it captures the current tab (one click), then shows the library. */
export function App() {
  const [currentId, setCurrentId] = useState<string>();
  const [error, setError] = useState<string>();
  const [destination, setDestination] = useState<CaptureDestination>({ isPrivate: false });
  const current = useLiveQuery(
    () => (currentId ? getArchive(currentId) : Promise.resolve(undefined)),
    [currentId],
    undefined as ArchiveRow | undefined,
  );
  const recent = useLiveQuery(() => listRecentArchives(30), [], [] as ArchiveRow[]);
  const folders = useLiveQuery(() => listFolders(), [], []);

  useEffect(() => {
    void (async () => {
      const dest = await lastDestinationItem.getValue();
      setDestination(dest);
      if (new URLSearchParams(location.search).has('noCapture')) return;
      const tabId = await targetTabId();
      if (tabId === undefined) return;
      try {
        const { archiveId } = await sendMessage('captureTab', {
          tabId,
          trigger: 'action',
          ...dest,
        });
        setCurrentId(archiveId);
      } catch (e) {
        setError(errorMessage(e));
      }
    })();
  }, []);

  const changeDestination = async (change: { folderId?: string; isPrivate?: boolean }) => {
    setDestination((d) => ({ ...d, ...change }));
    if (currentId) await sendMessage('updateArchive', { archiveId: currentId, ...change });
    else await lastDestinationItem.setValue({ ...destination, ...change });
  };

  const archiveUrl = async (url: string) => {
    setError(undefined);
    try {
      const { archiveId } = await sendMessage('captureUrl', {
        url,
        trigger: 'url-box',
        ...destination,
      });
      setCurrentId(archiveId);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <main class="popup">
      <h1>{t('popupTitle')}</h1>
      {error && (
        <section class="notice error" role="alert">
          <h2>{t('cannotCaptureHeading')}</h2>
          <p>{error}</p>
        </section>
      )}
      {current && (
        <CaptureCard
          archive={current}
          onStop={() => void sendMessage('stopCapture', { archiveId: current.id })}
          onDownload={() => void downloadArchive(current)}
        />
      )}
      <DestinationPicker
        folders={folders}
        folderId={current?.folderId ?? destination.folderId ?? folders[0]?.id}
        isPrivate={current?.isPrivate ?? destination.isPrivate}
        onChange={(change) => void changeDestination(change)}
      />
      <UrlForm onSubmit={archiveUrl} />
      <h2 class="section-heading">{t('recentHeading')}</h2>
      <ArchiveList
        archives={recent.filter((a) => a.id !== currentId)}
        onDownload={(a) => void downloadArchive(a)}
      />
    </main>
  );
}
