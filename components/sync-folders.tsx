import type { FolderRow } from '../lib/db/entities';
import type { FolderNode } from '../lib/db/repos/folders';
import type { FolderSyncRule, ServerSummary } from '../lib/storage/sync-types';
import { serversOfFolder, withFolderRule } from '../lib/sync/folder-rules';
import { t } from '../lib/i18n';

/** The tree as rows in display order. */
function flatten(nodes: FolderNode[], out: FolderNode[] = []): FolderNode[] {
  for (const node of nodes) {
    out.push(node);
    flatten(node.children, out);
  }
  return out;
}

/**
 * Which local folders sync to which servers: one row per folder, one checkbox per server.
 * A folder without its own choice follows its parent (a top-level folder without one stays
 * local); ticking a box gives the folder its own choice.
 */
export function SyncFolders(props: {
  tree: FolderNode[];
  servers: ServerSummary[];
  rules: FolderSyncRule[];
  /**
   * A change being saved, shown as already made (the boxes must not flick back while the
   * background works); serverIds undefined means "follow the parent".
   */
  pending?: { folderId: string; serverIds: string[] | undefined };
  /** serverIds undefined: drop the folder's own choice (follow the parent again). */
  onChange(folderId: string, serverIds: string[] | undefined): void;
}) {
  const rows = flatten(props.tree);
  const folders = new Map<string, FolderRow>(rows.map((n) => [n.folder.id, n.folder]));
  const rules = props.pending
    ? withFolderRule(props.rules, props.pending.folderId, props.pending.serverIds)
    : props.rules;
  const own = new Map(rules.map((r) => [r.folderId, r.serverIds]));
  const known = new Set(props.servers.map((s) => s.id));
  if (rows.length === 0) return <p class="empty">{t('optionsNoFolders')}</p>;
  if (props.servers.length === 0) return <p class="empty">{t('optionsFoldersNeedServer')}</p>;
  return (
    <div class="table-wrap">
      <table class="folder-sync">
        <caption class="sr-only">{t('optionsFoldersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('optionsFolderColumn')}</th>
            {props.servers.map((s) => (
              <th key={s.id} scope="col">
                {s.name}
              </th>
            ))}
            <th scope="col">{t('optionsChoiceColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((node) => {
            const { folder } = node;
            const effective = serversOfFolder(folder.id, folders, rules).filter((id) =>
              known.has(id),
            );
            const ownChoice = own.get(folder.id);
            const parent = folder.parentId ? folders.get(folder.parentId) : undefined;
            const busy = props.pending?.folderId === folder.id;
            const source = ownChoice
              ? ownChoice.filter((id) => known.has(id)).length === 0
                ? t('optionsChoiceOwnLocal')
                : t('optionsChoiceOwn')
              : parent
                ? t('optionsChoiceInherited', [parent.name])
                : t('optionsChoiceDefaultLocal');
            return (
              <tr key={folder.id} data-folder-id={folder.id}>
                <th scope="row" style={{ paddingInlineStart: `${8 + node.depth * 16}px` }}>
                  {folder.name}
                </th>
                {props.servers.map((server) => (
                  <td key={server.id}>
                    <input
                      type="checkbox"
                      checked={effective.includes(server.id)}
                      disabled={busy}
                      aria-label={t('optionsFolderToServer', [folder.name, server.name])}
                      onChange={(e) => {
                        const next = e.currentTarget.checked
                          ? [...effective, server.id]
                          : effective.filter((id) => id !== server.id);
                        props.onChange(folder.id, next);
                      }}
                    />
                  </td>
                ))}
                <td class="choice-cell">
                  {/* A flex box inside the cell: a flex <td> leaves the table's grid. */}
                  <div class="choice">
                    <span class={ownChoice ? 'choice-own' : 'muted'}>{source}</span>
                    {effective.length > 0 && (
                      <button
                        type="button"
                        class="small secondary"
                        disabled={busy}
                        aria-label={t('optionsMakeLocalFor', [folder.name])}
                        onClick={() => props.onChange(folder.id, [])}
                      >
                        {t('optionsMakeLocal')}
                      </button>
                    )}
                    {ownChoice && (
                      <button
                        type="button"
                        class="small secondary"
                        disabled={busy}
                        aria-label={
                          parent
                            ? t('optionsUseParentFor', [folder.name])
                            : t('optionsClearChoiceFor', [folder.name])
                        }
                        onClick={() => props.onChange(folder.id, undefined)}
                      >
                        {parent ? t('optionsUseParent') : t('optionsClearChoice')}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
