import { useState, type FormEvent } from 'react';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError } from '../use-load.js';

/** Who is signed in, and a change of one's own password (every other session ends with it). */
export default function Account() {
  const { user, changePassword } = useSession();
  const { t } = useI18n();
  const describe = useErrorText();
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const next = String(data.get('next'));
    if (next !== String(data.get('confirm'))) return setMessage({ ok: false, text: t('account.mismatch') });
    setBusy(true);
    try {
      await changePassword(String(data.get('current')), next);
      form.reset();
      setMessage({ ok: true, text: t('account.changed') });
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('account.title')}</h1>
      <dl className="facts">
        <dt>{t('contact.email')}</dt>
        <dd>{user?.email}</dd>
        <dt>{t('users.name')}</dt>
        <dd>{user?.name ?? '–'}</dd>
        <dt>{t('users.role')}</dt>
        <dd>{user ? t(`role.${user.role}`) : ''}</dd>
      </dl>
      <form className="stage-form" onSubmit={(e) => void submit(e)} aria-labelledby="password">
        <h2 id="password">{t('account.password')}</h2>
        <div className="grid-form">
          <label>
            {t('account.current')}
            <input type="password" name="current" autoComplete="current-password" required />
          </label>
          <label>
            {t('account.new')}
            <input type="password" name="next" autoComplete="new-password" minLength={10} required />
          </label>
          <label>
            {t('account.confirm')}
            <input type="password" name="confirm" autoComplete="new-password" minLength={10} required />
          </label>
        </div>
        <p className="muted small">{t('account.hint')}</p>
        <button type="submit" className="primary" disabled={busy}>
          {t('account.submit')}
        </button>
        <FormMessage message={message} />
      </form>
    </>
  );
}
