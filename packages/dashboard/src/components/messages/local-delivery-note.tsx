import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useLoad } from '../../use-load.js';

/** Says plainly where messages go when no SMTP relay is configured: a local inbox, never the outside world. */
export function LocalDeliveryNote({ smtp, inboxLink = true }: { smtp: boolean | undefined; inboxLink?: boolean }) {
  const { t } = useI18n();
  if (smtp === true) return null;
  return (
    <p className="note warn local-delivery" role="note">
      <strong>{t('outbox.localTitle')}</strong> {t('outbox.localText')}{' '}
      {inboxLink && <a href={href('/outbox/inbox')}>{t('outbox.openInbox')}</a>}
    </p>
  );
}

/** The note, for screens that do not load the inbox themselves: asks the server whether a relay is configured. */
export function DeliveryNote() {
  const { api } = useSession();
  const inbox = useLoad(() => api.testInbox({ limit: 1 }), [api]);
  if (inbox.status !== 'ready') return null;
  return <LocalDeliveryNote smtp={(inbox.data as { smtp?: boolean }).smtp} />;
}
