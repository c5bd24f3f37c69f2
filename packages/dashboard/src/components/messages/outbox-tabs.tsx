import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';

/** The outbox's two views: every send with its status, and the messages the local sink captured. */
export function OutboxTabs({ current }: { current: 'sends' | 'inbox' }) {
  const { t } = useI18n();
  return (
    <nav className="tabs" aria-label={t('outbox.views')}>
      <a href={href('/outbox')} aria-current={current === 'sends' ? 'page' : undefined}>
        {t('outbox.sends')}
      </a>
      <a href={href('/outbox/inbox')} aria-current={current === 'inbox' ? 'page' : undefined}>
        {t('outbox.inbox')}
      </a>
    </nav>
  );
}
