import type { UserDocument } from '@leadpulse/contract/client';
import { useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';

const ROLES: readonly UserDocument['role'][] = ['admin', 'marketer', 'sales'];

/** Dashboard users (admins only): add with a generated password shown once, change roles, remove. */
export function Users() {
  const { api } = useSession();
  const { t, f } = useI18n();
  const describe = useErrorText();
  const users = useLoad(() => api.users.list(), [api]);
  const [message, setMessage] = useState<Message>(null);
  const run = async (action: () => Promise<unknown>, ok?: string) => {
    try {
      await action();
      setMessage(ok ? { ok: true, text: ok } : null);
      users.reload();
    } catch (e) {
      const error = asApiError(e);
      setMessage({ ok: false, text: describe(error) });
    }
  };
  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    await run(async () => {
      const created = await api.users.create({ email: String(form.get('email')), role: form.get('role') as UserDocument['role'], name: String(form.get('name') || '') || undefined });
      formElement.reset();
      if (created.password) setMessage({ ok: true, text: t('users.password', { email: created.user.email, password: created.password }) });
    });
  }
  return (
    <section aria-labelledby="users">
      <h2 id="users">{t('users.title')}</h2>
      {users.status === 'loading' && <Loading />}
      {users.status === 'error' && <ErrorBox error={users.error} onRetry={users.reload} />}
      {users.status === 'ready' && (
        <table>
          <caption className="visually-hidden">{t('users.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('signIn.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('settings.created')}</th>
              <th scope="col"><span className="visually-hidden">{t('settings.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {users.data.users.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.email} {u.name && <span className="muted">{u.name}</span>}
                </td>
                <td>
                  <select aria-label={t('users.roleOf', { email: u.email })} value={u.role} onChange={(e) => void run(() => api.users.update(u.id, { role: e.target.value as UserDocument['role'] }))}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{f.date(u.createdAt)}</td>
                <td>
                  <button type="button" className="link" onClick={() => void run(() => api.users.remove(u.id))} aria-label={t('users.removeUser', { email: u.email })}>
                    {t('users.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="grid-form" onSubmit={(e) => void add(e)}>
        <label>
          {t('signIn.email')}
          <input name="email" type="email" required />
        </label>
        <label>
          {t('users.name')}
          <input name="name" />
        </label>
        <label>
          {t('users.role')}
          <select name="role" defaultValue="marketer">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t('users.add')}
        </button>
      </form>
      <FormMessage message={message} />
    </section>
  );
}
