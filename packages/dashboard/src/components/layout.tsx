import type { ReactNode } from 'react';
import { useI18n, type Lang } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

const NAV: readonly { path: string; label: MessageKey; needs?: 'doctrine' | 'settings' }[] = [
  { path: '/', label: 'nav.overview' },
  { path: '/contacts', label: 'nav.contacts' },
  { path: '/reports', label: 'nav.reports' },
  { path: '/model', label: 'nav.model' },
  { path: '/segments', label: 'nav.segments' },
  { path: '/audiences', label: 'nav.audiences' },
  { path: '/scenarios', label: 'nav.scenarios' },
  { path: '/templates', label: 'nav.templates' },
  { path: '/outbox', label: 'nav.outbox' },
  { path: '/tasks', label: 'nav.tasks' },
  { path: '/doctrine', label: 'nav.doctrine', needs: 'doctrine' },
  { path: '/settings', label: 'nav.settings', needs: 'settings' },
];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="visually-hidden">{t('nav.language')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={t('nav.language')}>
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
    </label>
  );
}

/** The frame of every signed-in screen: navigation, language, the user and a skip link. */
export function Layout({ current, children }: { current: string; children: ReactNode }) {
  const { t } = useI18n();
  const { user, can, signOut } = useSession();
  const active = (path: string) => (path === '/' ? current === '/' : current.startsWith(path));
  return (
    <>
      <a className="skip" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <a className="brand" href={href('/')}>
          <span className="dot" aria-hidden="true" /> LeadPulse
        </a>
        <nav aria-label={t('nav.main')}>
          <ul>
            {NAV.filter((item) => !item.needs || can(item.needs)).map((item) => (
              <li key={item.path}>
                <a href={href(item.path)} aria-current={active(item.path) ? 'page' : undefined}>
                  {t(item.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <LanguageSwitch />
          <a className="user" href={href('/account')} title={t('account.open')} aria-current={current === '/account' ? 'page' : undefined}>
            {user?.name ?? user?.email} · {user ? t(`role.${user.role}`) : ''}
          </a>
          <button type="button" className="link" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
