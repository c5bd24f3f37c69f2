import { renderTrackerSnippet, type TrackerConsent } from '@leadpulse/contract/tracker-snippet';
import { useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';
import { Users } from './users.js';
import { EmailDomainPanel } from '../components/email-domain-panel.js';

/** The tracker snippet to paste, write keys with their allowed origins, and users. */
export default function Settings() {
  const { can } = useSession();
  const { t } = useI18n();
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Snippet secret={secret} />
      {can('keys') && <WriteKeys onCreated={setSecret} />}
      {can('users') && <Users />}
      {can('keys') && <EmailDomainPanel />}
    </>
  );
}

function Snippet({ secret }: { secret: string | null }) {
  const { t } = useI18n();
  const [consent, setConsent] = useState<TrackerConsent>('pending');
  const [copied, setCopied] = useState(false);
  const snippet = renderTrackerSnippet({ host: window.location.origin, writeKey: secret ?? 'YOUR_WRITE_KEY', consent });
  return (
    <section aria-labelledby="snippet">
      <h2 id="snippet">{t('settings.snippet')}</h2>
      <p className="muted">{t('settings.snippetHint')}</p>
      <label>
        {t('settings.consent')}
        <select value={consent} onChange={(e) => setConsent(e.target.value as TrackerConsent)}>
          <option value="pending">{t('settings.consentPending')}</option>
          <option value="granted">{t('settings.consentGranted')}</option>
        </select>
      </label>
      <pre className="code" aria-label={t('settings.snippet')} tabIndex={0}>
        {snippet}
      </pre>
      <button type="button" onClick={() => void navigator.clipboard?.writeText(snippet).then(() => setCopied(true))}>
        {copied ? t('settings.copied') : t('settings.copy')}
      </button>
    </section>
  );
}

function WriteKeys({ onCreated }: { onCreated: (secret: string) => void }) {
  const { api } = useSession();
  const { t, f, errorText } = useI18n();
  const keys = useLoad(() => api.keys.list(), [api]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const origins = String(form.get('origins') ?? '').split(/[\s,]+/).filter(Boolean);
    try {
      const result = await api.keys.create({ kind: 'write', label: String(form.get('label')), allowedOrigins: origins });
      setCreated(result.secret);
      onCreated(result.secret);
      setError(null);
      keys.reload();
    } catch (e) {
      const apiError = asApiError(e);
      setError(errorText(apiError.code, apiError.message));
    }
  }
  return (
    <section aria-labelledby="keys">
      <h2 id="keys">{t('settings.keys')}</h2>
      {keys.status === 'loading' && <Loading />}
      {keys.status === 'error' && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {keys.status === 'ready' && (
        <table>
          <caption className="visually-hidden">{t('settings.keys')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('settings.label')}</th>
              <th scope="col">{t('settings.kind')}</th>
              <th scope="col">{t('settings.origins')}</th>
              <th scope="col">{t('settings.created')}</th>
              <th scope="col"><span className="visually-hidden">{t('settings.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {keys.data.keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? 'revoked' : undefined}>
                <td>
                  {k.label} <code className="muted">{k.prefix}…</code>
                </td>
                <td>{k.kind}</td>
                <td>{k.allowedOrigins.join(', ') || t('settings.anyOrigin')}</td>
                <td>{f.date(k.createdAt)}</td>
                <td>
                  {k.revokedAt ? (
                    t('settings.revoked')
                  ) : (
                    <button type="button" className="link" onClick={() => void api.keys.revoke(k.id).then(keys.reload)} aria-label={t('settings.revokeKey', { label: k.label })}>
                      {t('settings.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="grid-form" onSubmit={(e) => void create(e)}>
        <label>
          {t('settings.label')}
          <input name="label" required placeholder="www.example.fr" />
        </label>
        <label>
          {t('settings.origins')}
          <input name="origins" placeholder="https://www.example.fr" />
        </label>
        <button type="submit" className="primary">
          {t('settings.createKey')}
        </button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && (
        <p className="note ok" role="status">
          {t('settings.secretOnce')} <code>{created}</code>
        </p>
      )}
    </section>
  );
}
