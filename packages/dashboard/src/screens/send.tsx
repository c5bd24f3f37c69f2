import { useState, type ReactNode } from 'react';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { OutboxTabs } from '../components/messages/outbox-tabs.js';
import { ErrorBox, Loading } from '../components/states.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

/** One send: to whom, what, its fixed Message-ID, every attempt's outcome, and a retry when it is a dead letter. */
export default function Send({ id }: { id: string }) {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const describe = useErrorText();
  const data = useLoad(() => api.getSend(id), [api, id]);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const send = data.data;

  async function retry() {
    setBusy(true);
    try {
      await api.retrySend(id);
      setMessage({ ok: true, text: t('outbox.retried') });
      data.reload();
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }

  const rows: [string, ReactNode][] = [
    [t('outbox.status'), <StatusBadge status={send.status} />],
    [t('outbox.channel'), t(`channel.${send.channel}`)],
    [t('outbox.recipient'), send.recipient ?? '–'],
    [t('contacts.contact'), <a href={href(`/contacts/${send.contactId}`)}>{send.contactId}</a>],
    [t('outbox.subject'), send.subject ?? '–'],
    [t('outbox.messageId'), <code>{send.messageId}</code>],
    [t('outbox.scenario'), send.scenarioId ? <a href={href(`/scenarios/${send.scenarioId}`)}>{send.stepId ? `${send.scenarioId} · ${send.stepId}` : send.scenarioId}</a> : '–'],
    [t('outbox.attempts'), f.number(send.attempts)],
    [t('outbox.nextAttempt'), f.dateTime(send.nextAttemptAt)],
    [t('outbox.lastError'), send.lastError ?? '–'],
    [t('outbox.providerAnswer'), send.providerAnswer ? <code>{send.providerAnswer}</code> : '–'],
    [t('outbox.created'), f.dateTime(send.createdAt)],
    [t('outbox.sentAt'), f.dateTime(send.sentAt)],
    [t('outbox.idempotencyKey'), <code>{send.idempotencyKey}</code>],
  ];
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <OutboxTabs current="sends" />
      <p>
        <a href={href('/outbox')}>← {t('outbox.sends')}</a>
      </p>
      <DeliveryNote />
      <section aria-labelledby="send">
        <h2 id="send">{send.subject ?? t(`channel.${send.channel}`)}</h2>
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {send.status === 'failed' && (
          <>
            <p className="muted">{t('outbox.retryHint')}</p>
            {can('followUps') && (
              <button type="button" className="primary" onClick={() => void retry()} disabled={busy}>
                {t('outbox.retry')}
              </button>
            )}
          </>
        )}
        <FormMessage message={message} />
      </section>
    </>
  );
}
