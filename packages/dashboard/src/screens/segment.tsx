import { useState } from 'react';
import { CursorPager } from '../components/cursor-pager.js';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { SizeChart } from '../components/segments/size-chart.js';
import { StageBars } from '../components/segments/stage-bars.js';
import { StageBadge } from '../components/stage-badge.js';
import { stageNames } from '../components/stage-names.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';
import { SegmentStatus } from './segments.js';

const PAGE = 25;

/** One segment: its size, who is in it by stage, how it grew, its members page by page, its export and audiences. */
export default function Segment({ id }: { id: string }) {
  const { api, can } = useSession();
  const { t, f, lang } = useI18n();
  const describe = useErrorText();
  const data = useLoad(() => Promise.all([api.getSegment(id), api.stages()]), [api, id]);
  const breakdown = useLoad(() => api.segmentBreakdown(id), [api, id]);
  const sizes = useLoad(() => api.segmentSizes(id, 90), [api, id]);
  const audiences = useLoad(() => api.listAudiences().then((r) => r.audiences.filter((a) => a.segmentId === id)), [api, id]);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const members = useLoad(() => api.segmentContacts(id, { limit: PAGE, cursor, lang }), [api, id, cursor, lang]);
  const [message, setMessage] = useState<Message>(null);

  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [segment, stages] = data.data;
  const names = stageNames(stages, lang);
  const editor = can('followUps');
  async function remove() {
    if (!window.confirm(t('segments.confirmDelete', { name: segment.name }))) return;
    try {
      await api.deleteSegment(id);
      navigate('/segments');
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    }
  }

  return (
    <>
      <p>
        <a href={href('/segments')}>← {t('segments.title')}</a>
      </p>
      <h1>
        {segment.name} <SegmentStatus status={segment.status} />
      </h1>
      <p className="muted">{t('segments.meta', { key: segment.key, version: segment.version, date: f.dateTime(segment.updatedAt) })}</p>
      {segment.description && <p>{segment.description}</p>}
      <div className="actions">
        {editor && (
          <a className="button" href={href(`/segments/${id}/edit`)}>
            {t('segments.edit')}
          </a>
        )}
        <a className="button" href={href('/contacts', { segment: segment.key })}>
          {t('segments.seeInContacts')}
        </a>
        {editor && (
          <a className="button" href={api.segmentCsvUrl(id)} download>
            {t('segments.export')}
          </a>
        )}
        {editor && (
          <button type="button" onClick={() => void remove()}>
            {t('segments.delete')}
          </button>
        )}
      </div>
      <FormMessage message={message} />
      <ul className="cards">
        <li className="card">
          <span className="muted">{t('segments.size')}</span>
          <span className="big" data-testid="segment-size">
            {f.number(segment.size)}
          </span>
        </li>
      </ul>
      <section aria-labelledby="breakdown">
        <h2 id="breakdown">{t('segments.byStage')}</h2>
        {breakdown.status === 'loading' && <Loading />}
        {breakdown.status === 'error' && <ErrorBox error={breakdown.error} onRetry={breakdown.reload} />}
        {breakdown.status === 'ready' && <StageBars counts={breakdown.data.byStage} names={names} label={t('segments.byStage')} />}
      </section>
      <section aria-labelledby="sizes">
        <h2 id="sizes">{t('segments.sizes')}</h2>
        {sizes.status === 'loading' && <Loading />}
        {sizes.status === 'error' && <ErrorBox error={sizes.error} onRetry={sizes.reload} />}
        {sizes.status === 'ready' && <SizeChart points={sizes.data.points} />}
      </section>
      <section aria-labelledby="members">
        <h2 id="members">{t('segments.members')}</h2>
        {members.status === 'loading' && <Loading />}
        {members.status === 'error' && <ErrorBox error={members.error} onRetry={members.reload} />}
        {members.status === 'ready' &&
          (members.data.contacts.length === 0 ? (
            <Empty title={t('segments.nobody')} />
          ) : (
            <>
              <table className="contacts">
                <caption className="visually-hidden">{t('segments.members')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('contacts.contact')}</th>
                    <th scope="col">{t('contacts.stage')}</th>
                    <th scope="col" className="num">{t('contacts.score')}</th>
                    <th scope="col">{t('contacts.lastSeen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {members.data.contacts.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <a href={href(`/contacts/${c.id}`)}>{c.email ?? c.userId ?? c.id}</a>
                      </td>
                      <td>
                        <StageBadge stage={c.stage} label={names.label(c.stage)} />
                      </td>
                      <td className="num">{f.number(c.score)}</td>
                      <td>{f.dateTime(c.aggregates.lastSeenAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <CursorPager cursors={cursors} setCursors={setCursors} nextCursor={members.data.nextCursor} />
            </>
          ))}
      </section>
      <section aria-labelledby="audiences">
        <h2 id="audiences">{t('segments.audiences')}</h2>
        {audiences.status === 'ready' && audiences.data.length > 0 ? (
          <ul>
            {audiences.data.map((a) => (
              <li key={a.id}>
                <a href={href(`/audiences/${a.id}`)}>{a.name}</a> <span className="muted small">{a.platforms.map((p) => t(`audiences.platform.${p}`)).join(', ')}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{audiences.status === 'error' ? '–' : t('segments.noAudiences')}</p>
        )}
        {editor && (
          <a className="button" href={href('/audiences/new', { segment: id })}>
            {t('segments.newAudience')}
          </a>
        )}
      </section>
      <section aria-labelledby="definition">
        <h2 id="definition">{t('segments.definition')}</h2>
        <pre className="code" tabIndex={0} aria-label={t('segments.definition')}>
          {JSON.stringify({ where: segment.where, purchasingPower: segment.purchasingPower }, null, 2)}
        </pre>
      </section>
    </>
  );
}
