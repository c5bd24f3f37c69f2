import { useState } from 'react';
import { AudienceGuardNote } from '../components/audiences/audience-guard-note.js';
import { SyncHistory } from '../components/audiences/sync-history.js';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

/** One audience: the platforms' verdict, a CSV per platform, a sync button and the history of syncs. */
export default function Audience({ id }: { id: string }) {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const describe = useErrorText();
  const data = useLoad(() => Promise.all([api.getAudience(id), api.audienceSyncs(id), api.listSegments()]), [api, id]);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [audience, history, segments] = data.data;
  const segment = segments.segments.find((s) => s.id === audience.segmentId);
  const editor = can('followUps');
  const refused = audience.guard.sensitive.length > 0;

  async function sync() {
    setBusy(true);
    setMessage(null);
    try {
      const { results } = await api.syncAudience(id);
      const failed = results.filter((r) => r.status !== 'ok');
      setMessage({ ok: failed.length === 0, text: failed.length === 0 ? t('audiences.synced', { added: f.number(results.reduce((n, r) => n + r.added, 0)), removed: f.number(results.reduce((n, r) => n + r.removed, 0)) }) : failed.map((r) => `${t(`audiences.platform.${r.platform}`)}: ${t(`audiences.status.${r.status}`)}${r.message ? ` (${r.message})` : ''}`).join(' · ') });
      data.reload();
    } catch (e) {
      const error = asApiError(e);
      // These two name what to fix (the variables to set, the sensitive conditions) only in the server's message.
      const detail = error.code === 'platform_not_configured' || error.code === 'audience_refused' ? ` ${error.message}` : '';
      setMessage({ ok: false, text: `${describe(error)}${detail}` });
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!window.confirm(t('audiences.confirmDelete', { name: audience.name }))) return;
    try {
      await api.deleteAudience(id);
      navigate('/audiences');
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    }
  }

  return (
    <>
      <p>
        <a href={href('/audiences')}>← {t('audiences.title')}</a>
      </p>
      <h1>{audience.name}</h1>
      <p className="muted">
        {t('audiences.fromSegment')} {segment ? <a href={href(`/segments/${segment.id}`)}>{segment.name}</a> : audience.segmentId} · {audience.platforms.map((p) => t(`audiences.platform.${p}`)).join(', ')}
      </p>
      <AudienceGuardNote guard={audience.guard} />
      <p className="muted small">{t('audiences.consentNote')}</p>
      <div className="actions">
        {editor &&
          audience.platforms.map((p) => (
            <a key={p} className="button" href={api.audienceCsvUrl(id, p)} download>
              {t('audiences.export', { platform: t(`audiences.platform.${p}`) })}
            </a>
          ))}
        {editor && (
          <button type="button" className="primary" onClick={() => void sync()} disabled={busy || refused} title={refused ? t('audiences.guard.refusedShort') : undefined}>
            {busy ? t('audiences.syncing') : t('audiences.sync')}
          </button>
        )}
        {editor && (
          <button type="button" onClick={() => void remove()} disabled={busy}>
            {t('audiences.delete')}
          </button>
        )}
      </div>
      <FormMessage message={message} />
      <section aria-labelledby="history">
        <h2 id="history">{t('audiences.history')}</h2>
        <SyncHistory syncs={history.syncs} />
      </section>
    </>
  );
}
