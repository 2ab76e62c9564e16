import type { RecordSummary } from '../lib/db/repos/archive-detail';
import { t } from '../lib/i18n';
import { formatBytes } from './format';

/**
 * Every response the archive holds, in capture order, each opening in the viewer's replay
 * frame: the way to reach a resource no page links to (an image, a JSON answer, a PDF).
 */
export function ViewerRecords(props: { records: RecordSummary[]; onOpen(url: string): void }) {
  const responses = props.records.filter(
    (r) => (r.warcType === 'response' || r.warcType === 'revisit') && r.url,
  );
  if (responses.length === 0) return <p class="viewer-empty">{t('viewerNoRecords')}</p>;
  return (
    <section class="viewer-records" aria-labelledby="viewer-records-heading">
      <h2 id="viewer-records-heading">{t('viewerRecordsHeading', [responses.length])}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('viewerRecordStatus')}</th>
            <th scope="col">{t('viewerRecordType')}</th>
            <th scope="col">{t('viewerRecordSize')}</th>
            <th scope="col">{t('viewerRecordUrl')}</th>
          </tr>
        </thead>
        <tbody>
          {responses.map((r) => (
            <tr key={r.seq}>
              <td>{r.status ?? ''}</td>
              <td>{r.mime ?? ''}</td>
              <td>
                {formatBytes(r.payloadLength ?? r.length)}
                {r.truncated && ` ${t('viewerRecordTruncated')}`}
              </td>
              <td>
                <button type="button" class="link-button" onClick={() => props.onOpen(r.url!)}>
                  {r.url}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
