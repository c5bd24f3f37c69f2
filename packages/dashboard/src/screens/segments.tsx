import type { SegmentDocument } from '@leadpulse/contract/client';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** A segment's status in words: live members are kept current; a new version is building its members first. */
export function SegmentStatus({ status }: { status: SegmentDocument['status'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-segment-${status}`}>{t(`segments.status.${status}`)}</span>;
}

/** Every segment: name, key, size, whether it is live, when it last changed. */
export default function Segments() {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const list = useLoad(() => api.listSegments(), [api]);
  return (
    <>
      <h1>{t('segments.title')}</h1>
      <p className="muted">{t('segments.intro')}</p>
      <p>
        {can('followUps') && (
          <a className="button" href={href('/segments/new')}>
            {t('segments.new')}
          </a>
        )}{' '}
        <a href={href('/audiences')}>{t('audiences.title')}</a>
      </p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' &&
        (list.data.segments.length === 0 ? (
          <Empty title={t('segments.none')}>{can('followUps') && <p>{t('segments.noneHint')}</p>}</Empty>
        ) : (
          <table className="segments">
            <caption className="visually-hidden">{t('segments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('segments.name')}</th>
                <th scope="col">{t('segments.key')}</th>
                <th scope="col" className="num">{t('segments.size')}</th>
                <th scope="col">{t('segments.status')}</th>
                <th scope="col">{t('segments.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.segments.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={href(`/segments/${s.id}`)}>{s.name}</a>
                  </td>
                  <td>
                    <code className="small">{s.key}</code>
                  </td>
                  <td className="num">{f.number(s.size)}</td>
                  <td>
                    <SegmentStatus status={s.status} />
                  </td>
                  <td>{f.dateTime(s.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
