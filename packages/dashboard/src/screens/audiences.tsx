import { useState, type FormEvent } from 'react';
import type { AudiencePlatform } from '@leadpulse/contract/client';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

const PLATFORMS: readonly AudiencePlatform[] = ['meta', 'google'];

/** Creates an audience from a segment, for one or both platforms. */
function NewAudience({ segmentId }: { segmentId: string | null }) {
  const { api } = useSession();
  const { t } = useI18n();
  const describe = useErrorText();
  const segments = useLoad(() => api.listSegments(), [api]);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  if (segments.status === 'loading') return <Loading />;
  if (segments.status === 'error') return <ErrorBox error={segments.error} onRetry={segments.reload} />;
  if (segments.data.segments.length === 0)
    return (
      <Empty title={t('audiences.noSegments')}>
        <a href={href('/segments/new')}>{t('segments.new')}</a>
      </Empty>
    );

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const platforms = PLATFORMS.filter((p) => form.get(`platform-${p}`) === 'on');
    if (platforms.length === 0) return setMessage({ ok: false, text: t('audiences.pickPlatform') });
    setBusy(true);
    setMessage(null);
    try {
      const created = await api.createAudience({ name: String(form.get('name') ?? '').trim(), segmentId: String(form.get('segmentId')), platforms });
      navigate(`/audiences/${created.id}`);
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(e) => void create(e)} className="new-audience">
      <h2>{t('audiences.new')}</h2>
      <div className="grid-form">
        <label>
          {t('audiences.name')}
          <input name="name" required placeholder={t('audiences.namePlaceholder')} />
        </label>
        <label>
          {t('audiences.segment')}
          <select name="segmentId" defaultValue={segmentId ?? segments.data.segments[0]!.id}>
            {segments.data.segments.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="checks">
          <legend>{t('audiences.platforms')}</legend>
          {PLATFORMS.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" name={`platform-${p}`} defaultChecked /> {t(`audiences.platform.${p}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="muted small">{t('audiences.consentNote')}</p>
      <button type="submit" className="primary" disabled={busy}>
        {t('audiences.create')}
      </button>
      <FormMessage message={message} />
    </form>
  );
}

/** Every audience: the segment it pushes, where to, whether the platforms' rules allow it, and its last syncs. */
export default function Audiences({ creating, params }: { creating: boolean; params: URLSearchParams }) {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const list = useLoad(() => Promise.all([api.listAudiences(), api.listSegments()]), [api]);
  return (
    <>
      <h1>{t('audiences.title')}</h1>
      <p className="muted">{t('audiences.intro')}</p>
      {can('followUps') &&
        (creating ? (
          <NewAudience segmentId={params.get('segment')} />
        ) : (
          <p>
            <a className="button" href={href('/audiences/new')}>
              {t('audiences.new')}
            </a>
          </p>
        ))}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' &&
        (list.data[0].audiences.length === 0 ? (
          <Empty title={t('audiences.none')} />
        ) : (
          <table className="audiences">
            <caption className="visually-hidden">{t('audiences.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audiences.name')}</th>
                <th scope="col">{t('audiences.segment')}</th>
                <th scope="col">{t('audiences.platforms')}</th>
                <th scope="col">{t('audiences.guard')}</th>
                <th scope="col">{t('audiences.lastSync')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data[0].audiences.map((a) => {
                const segment = list.data[1].segments.find((s) => s.id === a.segmentId);
                const last = a.lastSyncs.reduce<string | null>((latest, s) => (latest === null || s.at > latest ? s.at : latest), null);
                return (
                  <tr key={a.id}>
                    <td>
                      <a href={href(`/audiences/${a.id}`)}>{a.name}</a>
                    </td>
                    <td>{segment ? <a href={href(`/segments/${segment.id}`)}>{segment.name}</a> : <span className="muted">{a.segmentId}</span>}</td>
                    <td>{a.platforms.map((p) => t(`audiences.platform.${p}`)).join(', ')}</td>
                    <td>{a.guard.sensitive.length > 0 ? t('audiences.guard.refusedShort') : a.guard.belowMinimum ? t('audiences.guard.smallShort') : t('audiences.guard.okShort')}</td>
                    <td>{last ? f.dateTime(last) : <span className="muted">{t('audiences.neverSynced')}</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ))}
    </>
  );
}
