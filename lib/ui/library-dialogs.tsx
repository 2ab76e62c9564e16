import type { ArchiveRow } from '../db/entities';
import { sendMessage } from '../messaging/client';
import { t, tCount } from '../i18n';
import { descendantCount, subtreeOf, type FolderNode } from './folder-tree';
import { NameDialog } from '../../components/name-dialog';
import { DeleteFolderDialog } from '../../components/delete-folder-dialog';
import { MoveDialog } from '../../components/move-dialog';
import { ArchiveEditDialog } from '../../components/archive-edit-dialog';
import { DeleteArchivesDialog } from './delete-archives-dialog';
import { ConfirmDialog } from '../../components/confirm-dialog';

/** The dialog the library browser has open, if any. */
export type DialogState =
  | { kind: 'new-folder'; parentId: string | null }
  | { kind: 'delete-folder'; folder: FolderNode }
  | { kind: 'move-folder'; folder: FolderNode }
  | { kind: 'move-archives'; archives: ArchiveRow[] }
  | { kind: 'edit-archive'; archive: ArchiveRow }
  | { kind: 'delete-archives'; archives: ArchiveRow[] }
  | { kind: 'empty-trash' };

/** Renders the open dialog and sends what it decides to the background. */
export function LibraryDialogs(props: {
  dialog?: DialogState;
  tree: FolderNode[];
  byId: ReadonlyMap<string, FolderNode>;
  close(): void;
  validateName(parentId: string | null, name: string, exceptId?: string): string | undefined;
  tryAction(action: () => Promise<unknown>): Promise<string | undefined>;
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
  onFolderCreated(folderId: string): void;
  onTrash(archiveIds: string[]): void;
  /** Shows a failure that happened after the dialog closed. */
  onError(message: string): void;
  /** Tells the user what a finished action did (a status line). */
  onNotice(message: string): void;
  targetNameOf(node: FolderNode): string;
}) {
  const { dialog, close } = props;
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'new-folder': {
      const parent = dialog.parentId ? props.byId.get(dialog.parentId) : undefined;
      return (
        <NameDialog
          title={
            parent ? t('libraryNewSubfolderTitle', [parent.folder.name]) : t('libraryNewFolder')
          }
          confirmLabel={t('libraryCreate')}
          validate={(name) => props.validateName(dialog.parentId, name)}
          onSubmit={async (name) => {
            let folderId = '';
            const failure = await props.tryAction(async () => {
              ({ folderId } = await sendMessage('createFolder', {
                parentId: dialog.parentId,
                name,
              }));
            });
            if (failure) return failure;
            close();
            props.onFolderCreated(folderId);
            return undefined;
          }}
          onCancel={close}
        />
      );
    }
    case 'delete-folder': {
      const node = dialog.folder;
      return (
        <DeleteFolderDialog
          folderName={node.folder.name}
          archiveCount={node.total}
          subfolderCount={descendantCount(node)}
          targetName={props.targetNameOf(node)}
          onCancel={close}
          onConfirm={(mode) => {
            close();
            void props
              .run(() => sendMessage('deleteFolder', { folderId: node.folder.id, mode }))
              .then((reply) => {
                if (reply && mode === 'delete-all') {
                  props.onNotice(tCount(reply.deletedArchives, 'trashMovedFolder'));
                }
              });
          }}
        />
      );
    }
    case 'move-folder': {
      const node = dialog.folder;
      const disabled = subtreeOf(node);
      if (node.folder.parentId) disabled.add(node.folder.parentId);
      return (
        <MoveDialog
          title={t('libraryMoveFolderTitle', [node.folder.name])}
          tree={props.tree}
          disabledIds={disabled}
          topLevel={node.folder.parentId !== null}
          onCancel={close}
          onMove={(parentId) => {
            close();
            void props.run(() => sendMessage('moveFolder', { folderId: node.folder.id, parentId }));
          }}
        />
      );
    }
    case 'move-archives': {
      const folders = new Set(dialog.archives.map((a) => a.folderId));
      const from = folders.size === 1 ? [...folders] : [];
      const title =
        dialog.archives.length === 1
          ? t('libraryMoveArchiveTitle', [dialog.archives[0]!.title || dialog.archives[0]!.url])
          : t('libraryMoveArchivesTitle', [dialog.archives.length]);
      return (
        <MoveDialog
          title={title}
          tree={props.tree}
          disabledIds={new Set(from)}
          onCancel={close}
          onMove={(folderId) => {
            close();
            if (folderId === null) return;
            void props.run(() =>
              sendMessage('moveArchives', {
                archiveIds: dialog.archives.map((a) => a.id),
                folderId,
              }),
            );
          }}
        />
      );
    }
    case 'edit-archive':
      return (
        <ArchiveEditDialog
          archive={dialog.archive}
          onCancel={close}
          onSave={async (edit) => {
            const failure = await props.tryAction(() =>
              sendMessage('editArchive', { archiveId: dialog.archive.id, ...edit }),
            );
            if (!failure) close();
            return failure;
          }}
        />
      );
    case 'empty-trash':
      return (
        <ConfirmDialog
          title={t('trashEmptyConfirmTitle')}
          confirmLabel={t('trashEmptyAction')}
          onCancel={close}
          onConfirm={() => {
            close();
            void props
              .run(() => sendMessage('emptyTrash', {}))
              .then((reply) => reply && props.onNotice(tCount(reply.purged, 'trashEmptied')));
          }}
        >
          <p>{t('trashEmptyConfirmBody')}</p>
        </ConfirmDialog>
      );
    case 'delete-archives':
      return (
        <DeleteArchivesDialog
          archives={dialog.archives}
          close={close}
          onTrash={props.onTrash}
          onError={props.onError}
        />
      );
  }
}
