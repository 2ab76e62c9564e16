/**
 * Drag-and-drop payload types shared by the archive list (drag source) and the folder tree
 * (drop target). Custom MIME types keep our drags apart from links or text dragged in from
 * elsewhere, which the tree ignores.
 */
export const DRAG_ARCHIVES = 'application/x-cairn-archives';
export const DRAG_FOLDER = 'application/x-cairn-folder';

/** Puts archive ids on a drag (JSON array). */
export function setDraggedArchives(transfer: DataTransfer, archiveIds: string[]): void {
  transfer.setData(DRAG_ARCHIVES, JSON.stringify(archiveIds));
  transfer.effectAllowed = 'move';
}

/** Archive ids of a drop, or an empty list when the drag carried none. */
export function draggedArchives(transfer: DataTransfer): string[] {
  try {
    const ids: unknown = JSON.parse(transfer.getData(DRAG_ARCHIVES) || '[]');
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
