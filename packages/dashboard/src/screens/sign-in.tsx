import { useState, type FormEvent } from 'react';
import { LanguageSwitch } from '../components/layout.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError } from '../use-load.js';

export function SignIn() {
  const { t, errorText } = useI18n();
  const { signIn } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
    } catch (e) {
      const apiError = asApiError(e);
      setError(errorText(apiError.code, apiError.message));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main id="main" className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="dot" aria-hidden="true" /> LeadPulse
        </h1>
        <p className="muted">{t('signIn.intro')}</p>
        <label>
          {t('signIn.email')}
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <p className="muted small">{t('signIn.firstAdmin')}</p>
        <LanguageSwitch />
      </form>
    </main>
  );
}
