import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../lib/errors';
import { t } from '../lib/i18n';
import type { FolderNode } from '../lib/ui/folder-tree';
import { flattenTree } from '../lib/ui/folder-tree';
import { importFile, type ImportDestination } from '../lib/ui/import-files';
import { FolderOptions } from './folder-options';

interface Line {
  text: string;
  error?: boolean;
}

/**
 * "Import files…" and dropping files on the page: WARC and WACZ files become archives in the
 * chosen folder, one file at a time, each with a line saying what became of it.
 */
export function LibraryImport(props: { tree: FolderNode[]; defaultFolderId?: string }) {
  const [dest, setDest] = useState<Partial<ImportDestination>>({ isPrivate: false });
  const [busy, setBusy] = useState<string>();
  const [lines, setLines] = useState<Line[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderId = dest.folderId ?? props.defaultFolderId;
  const folderName =
    flattenTree(props.tree).find(({ node }) => node.folder.id === folderId)?.node.folder.name ?? '';

  const run = async (files: File[]) => {
    if (!folderId || busy || files.length === 0) return;
    const target = { folderId, isPrivate: dest.isPrivate ?? false };
    const done: Line[] = [];
    for (const file of files) {
      setBusy(t('libraryImportProgress', [file.name, 0]));
      try {
        const outcome = await importFile(file, target, (share) =>
          setBusy(t('libraryImportProgress', [file.name, Math.floor(share * 100)])),
        );
        done.push({
          text:
            outcome.kind === 'duplicate'
              ? t('libraryImportDuplicate', [file.name, outcome.title])
              : outcome.pages > 1
                ? t('libraryImported', [file.name, outcome.title, outcome.pages, outcome.records])
                : t('libraryImportedOnePage', [file.name, outcome.title, outcome.records]),
        });
      } catch (e) {
        done.push({ text: t('libraryImportFailed', [file.name, errorMessage(e)]), error: true });
      }
      setLines([...done]);
    }
    setBusy(undefined);
  };

  // Files dropped anywhere on the page are imported; other drags are left alone.
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      void run([...(e.dataTransfer?.files ?? [])]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  });

  return (
    <section class="library-import" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('libraryImportHeading')}</h2>
      <p class="muted">{t('libraryImportIntro')}</p>
      <div class="backup-actions">
        {/* Named apart from the capture's Folder and Private choices on the same page. */}
        <label>
          {t('libraryImportInto')}{' '}
          <select
            value={folderId}
            onChange={(e) => setDest({ ...dest, folderId: (e.target as HTMLSelectElement).value })}
          >
            <FolderOptions rows={flattenTree(props.tree)} />
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={dest.isPrivate ?? false}
            onChange={(e) =>
              setDest({ ...dest, isPrivate: (e.target as HTMLInputElement).checked })
            }
          />{' '}
          {t('libraryImportPrivate')}
        </label>
        <button
          type="button"
          class="secondary"
          disabled={busy !== undefined || !folderId}
          onClick={() => fileInput.current?.click()}
        >
          {t('libraryImportFiles')}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          accept=".warc,.gz,.wacz"
          hidden
          aria-label={t('libraryImportFiles')}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            void run(files);
          }}
        />
      </div>
      {busy !== undefined && (
        <p class="backup-status" role="status">
          {busy}
        </p>
      )}
      {busy === undefined && lines.length > 0 && (
        <div class="backup-status" role="status">
          {lines.map((line) => (
            <p key={line.text} class={line.error ? 'error' : undefined}>
              {line.text}
            </p>
          ))}
        </div>
      )}
      {dragging && (
        <div class="drop-overlay" aria-hidden="true">
          <p>{t('libraryImportDrop', [folderName])}</p>
        </div>
      )}
    </section>
  );
}
