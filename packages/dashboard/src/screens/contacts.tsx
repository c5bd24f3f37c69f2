import { useState, type FormEvent } from 'react';
import { StageBadge } from '../components/stage-badge.js';
import { CursorPager } from '../components/cursor-pager.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

const PAGE = 50;

/**
 * Every contact, newest first or, once a model is published, by purchase probability; paged by the server; filter by
 * stage, search by email, name or id.
 */
export default function Contacts({ params }: { params: URLSearchParams }) {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const stage = params.get('stage') ?? '';
  const q = params.get('q') ?? '';
  const source = params.get('source') ?? '';
  const trait = params.get('trait') ?? '';
  const seenAfter = params.get('seenAfter') ?? '';
  // A segment's members (its id or key), opened from the segment screen: the server applies no other filter with it.
  const segment = params.get('segment') ?? '';
  const sort = params.get('sort') === 'predicted' ? 'predicted' : undefined;
  const filtered = Boolean(stage || q || source || trait || seenAfter || segment);
  // Cursors of the pages before this one, for "previous".
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const stages = useLoad(() => api.stages(), [api]);
  const model = useLoad(() => api.model.get(), [api]);
  const published = model.status === 'ready' ? model.data.published : null;
  const page = useLoad(
    () => api.contacts.list({ stage: stage || undefined, q: q || undefined, source: source || undefined, trait: trait || undefined, seenAfter: seenAfter || undefined, segment: segment || undefined, sort, limit: PAGE, cursor, lang }),
    [api, stage, q, source, trait, seenAfter, segment, sort, cursor, lang],
  );

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCursors([null]);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    navigate('/contacts', { stage: text('stage'), q: text('q'), source: text('source'), trait: text('trait'), seenAfter: text('seenAfter'), sort: text('sort') === 'predicted' ? 'predicted' : undefined });
  }

  return (
    <>
      <h1>{t('contacts.title')}</h1>
      {segment && (
        <p className="note">
          {t('segments.contactsOf', { segment })} <a href={href('/contacts')}>{t('segments.allContacts')}</a>
        </p>
      )}
      <form className="filters" onSubmit={filter} role="search">
        <label>
          {t('contacts.stage')}
          <select name="stage" defaultValue={stage} key={stage}>
            <option value="">{t('contacts.allStages')}</option>
            {stages.status === 'ready' &&
              stages.data.stages.map((s) => (
                <option key={s.key} value={s.key}>
                  {s.labels[lang]} ({f.number(s.count)})
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('contacts.search')}
          <input name="q" type="search" defaultValue={q} key={q} placeholder={t('contacts.searchHint')} />
        </label>
        <label>
          {t('contacts.source')}
          <input name="source" defaultValue={source} key={`s${source}`} placeholder="google" />
        </label>
        <label>
          {t('contacts.trait')}
          <input name="trait" defaultValue={trait} key={`t${trait}`} placeholder={t('contacts.traitHint')} pattern="[\w.\-]{1,64}:.+" />
        </label>
        <label>
          {t('contacts.seenAfter')}
          <input name="seenAfter" type="date" defaultValue={seenAfter} key={`a${seenAfter}`} />
        </label>
        {published && (
          <label>
            {t('contacts.order')}
            <select name="sort" defaultValue={sort ?? ''} key={`o${sort ?? ''}`}>
              <option value="">{t('contacts.order.newest')}</option>
              <option value="predicted">{t('contacts.order.predicted')}</option>
            </select>
          </label>
        )}
        <button type="submit">{t('contacts.apply')}</button>
      </form>
      {page.status === 'loading' && <Loading />}
      {page.status === 'error' && <ErrorBox error={page.error} onRetry={page.reload} />}
      {page.status === 'ready' &&
        (page.data.contacts.length === 0 ? (
          <Empty title={filtered ? t('contacts.noMatch') : t('contacts.none')}>{!filtered && <p>{t('overview.emptyHint')}</p>}</Empty>
        ) : (
          <>
            <table className="contacts">
              <caption className="visually-hidden">{t('contacts.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contacts.contact')}</th>
                  <th scope="col">{t('contacts.stage')}</th>
                  <th scope="col" className="num">{t('contacts.score')}</th>
                  {published && (
                    <th scope="col" className="num">
                      {t('contacts.predicted', { days: published.horizonDays })}
                    </th>
                  )}
                  <th scope="col">{t('contacts.source')}</th>
                  <th scope="col">{t('contacts.lastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.contacts.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <a href={href(`/contacts/${c.id}`)}>{c.email ?? c.userId ?? c.id}</a>
                      {typeof c.traits['name'] === 'string' && <span className="muted small"> {c.traits['name']}</span>}
                    </td>
                    <td>
                      <StageBadge stage={c.stage} label={c.stageLabel} />
                    </td>
                    <td className="num">{f.number(c.score)}</td>
                    {published && <td className="num predicted">{f.percent(c.predicted, 0)}</td>}
                    <td className="source">{c.aggregates.firstTouch?.source ?? '–'}</td>
                    <td>{f.dateTime(c.aggregates.lastSeenAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CursorPager cursors={cursors} setCursors={setCursors} nextCursor={page.data.nextCursor} />
          </>
        ))}
    </>
  );
}
