import { useId, useState } from 'preact/hooks';
import type { PullArchive, PullListing, PullPlace } from '../lib/messaging/protocol-sync';
import { sendMessage } from '../lib/messaging/client';
import { errorMessage } from '../lib/errors';
import { t, tCount } from '../lib/i18n';
import { formatDate } from './format';
import { viewerHref } from '../lib/ui/viewer-link';

/** What importing one archive came to. */
interface PullResult {
  kind: 'imported' | 'linked' | 'failed';
  message?: string;
}

/** A group of the listing: a Perma folder, or the archives found in no folder. */
interface Group {
  key: string;
  label: string;
  place: PullPlace;
  archives: PullArchive[];
}

function groupsOf(listing: PullListing): Group[] {
  const groups: Group[] = listing.folders.map((f) => ({
    key: String(f.id),
    label: f.path.join(' / '),
    place: { folderId: f.id, path: f.path, personal: f.personal },
    archives: f.archives,
  }));
  if (listing.other.length > 0) {
    groups.push({
      key: 'other',
      label: t('permaPullOther'),
      place: { path: [], personal: false },
      archives: listing.other,
    });
  }
  return groups;
}

const canPull = (a: PullArchive) => !a.linkedArchiveId && !a.unavailable;

/**
 * "Import from Perma": lists the account's archives by Perma folder, marks those already in
 * the library (linked) and those with no WARC, and imports the chosen ones one at a time,
 * with progress and each one's outcome. The background does the work (it holds the key).
 */
export function PermaPull(props: { serverId: string; serverName: string }) {
  const [open, setOpen] = useState(false);
  const [listing, setListing] = useState<PullListing>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [running, setRunning] = useState<{ done: number; total: number }>();
  const [results, setResults] = useState<ReadonlyMap<string, PullResult>>(new Map());
  const headingId = useId();

  const load = async () => {
    setLoading(true);
    setError(undefined);
    try {
      setListing(await sendMessage('listPermaPull', { serverId: props.serverId }));
    } catch (e) {
      setError(errorMessage(e));
    }
    setLoading(false);
  };

  if (!open) {
    return (
      <button
        type="button"
        class="small secondary"
        onClick={() => {
          setOpen(true);
          void load();
        }}
      >
        {t('permaPullOpen')}
      </button>
    );
  }

  const groups = listing ? groupsOf(listing) : [];
  const all = groups.flatMap((g) => g.archives);
  const pullable = all.filter(canPull);
  const linkedCount = all.filter((a) => a.linkedArchiveId).length;
  const toggle = (guids: string[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      for (const guid of guids) {
        if (on) next.add(guid);
        else next.delete(guid);
      }
      return next;
    });

  const pull = async () => {
    const work = groups.flatMap((g) =>
      g.archives.filter((a) => chosen.has(a.guid) && canPull(a)).map((a) => ({ a, g })),
    );
    const outcome = new Map(results);
    setRunning({ done: 0, total: work.length });
    for (const [index, { a, g }] of work.entries()) {
      try {
        const reply = await sendMessage('pullPermaArchive', {
          serverId: props.serverId,
          guid: a.guid,
          place: g.place,
        });
        outcome.set(a.guid, { kind: reply.kind });
      } catch (e) {
        outcome.set(a.guid, { kind: 'failed', message: errorMessage(e) });
      }
      setResults(new Map(outcome));
      setRunning({ done: index + 1, total: work.length });
    }
    setChosen(new Set());
    setRunning(undefined);
    // The marks change: what was imported is now linked.
    await load();
  };

  const counts = { imported: 0, linked: 0, failed: 0 };
  for (const r of results.values()) counts[r.kind]++;

  return (
    <section class="perma-pull" aria-labelledby={headingId}>
      <div class="pane-head">
        <h4 id={headingId}>{t('permaPullHeading', [props.serverName])}</h4>
        <button
          type="button"
          class="small secondary"
          disabled={!!running}
          onClick={() => {
            setOpen(false);
            setResults(new Map());
            setChosen(new Set());
          }}
        >
          {t('permaPullClose')}
        </button>
      </div>
      {loading && !listing && <p class="muted">{t('permaPullLoading')}</p>}
      {error && (
        <div class="notice error" role="alert">
          <p>{error}</p>
          <button type="button" class="small secondary" onClick={() => void load()}>
            {t('optionsTryAgain')}
          </button>
        </div>
      )}
      {listing && (
        <>
          <p class="muted">
            {all.length === 0
              ? t('permaPullEmpty')
              : t('permaPullSummary', [all.length, linkedCount, pullable.length])}
          </p>
          {pullable.length > 0 && (
            <div class="actions">
              <button
                type="button"
                class="small secondary"
                disabled={!!running}
                onClick={() =>
                  toggle(
                    pullable.map((a) => a.guid),
                    chosen.size < pullable.length,
                  )
                }
              >
                {chosen.size < pullable.length ? t('permaPullChooseAll') : t('permaPullChooseNone')}
              </button>
              <button
                type="button"
                class="small"
                disabled={!!running || chosen.size === 0}
                onClick={() => void pull()}
              >
                {tCount(chosen.size, 'permaPullImport')}
              </button>
            </div>
          )}
          <div aria-live="polite">
            {running && (
              <p role="status">{t('permaPullProgress', [running.done + 1, running.total])}</p>
            )}
            {!running && results.size > 0 && (
              <p role="status" class={counts.failed ? 'warning' : undefined}>
                {t('permaPullDone', [counts.imported, counts.linked, counts.failed])}
              </p>
            )}
          </div>
          {groups.map((group) => (
            <fieldset key={group.key} class="pull-group" disabled={!!running}>
              <legend>{group.label}</legend>
              <ul class="pull-list">
                {group.archives.map((a) => (
                  <PullRow
                    key={a.guid}
                    archive={a}
                    chosen={chosen.has(a.guid)}
                    result={results.get(a.guid)}
                    onChoose={(on) => toggle([a.guid], on)}
                  />
                ))}
              </ul>
            </fieldset>
          ))}
        </>
      )}
    </section>
  );
}

function PullRow(props: {
  archive: PullArchive;
  chosen: boolean;
  result?: PullResult;
  onChoose(on: boolean): void;
}) {
  const { archive: a, result } = props;
  const id = useId();
  return (
    <li class="pull-item" data-guid={a.guid}>
      <input
        id={id}
        type="checkbox"
        checked={props.chosen}
        disabled={!canPull(a)}
        onChange={(e) => props.onChoose(e.currentTarget.checked)}
      />
      <div class="pull-text">
        <label for={id} class="pull-title">
          {a.title || a.url}
        </label>
        <span class="muted small-text url-text">
          {a.guid} · {formatDate(a.createdAt)} · {a.url}
        </span>
        <span class="pull-marks">
          {a.isPrivate && <span class="kind-pill">{t('privateLabel')}</span>}
          {a.linkedArchiveId && (
            // The library's copy, one click away in the viewer.
            <a
              class="kind-pill ok"
              href={viewerHref(a.linkedArchiveId)}
              target="_blank"
              rel="noopener"
              title={t('openArchivedCopy')}
            >
              {t('permaPullInLibrary')}
            </a>
          )}
          {a.unavailable && <span class="pull-reason">{a.unavailable}</span>}
          {result?.kind === 'imported' && <span class="pull-ok">{t('permaPullImported')}</span>}
          {result?.kind === 'failed' && <span class="pull-reason">{result.message}</span>}
        </span>
      </div>
    </li>
  );
}
