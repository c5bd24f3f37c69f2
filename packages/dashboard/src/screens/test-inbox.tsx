import { useState } from 'react';
import { LocalDeliveryNote } from '../components/messages/local-delivery-note.js';
import { MessageFrame } from '../components/messages/message-frame.js';
import { OutboxTabs } from '../components/messages/outbox-tabs.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** The local mail sink: the messages as they would have left, read here because, without SMTP, nothing left the machine. */
export default function TestInbox() {
  const { api } = useSession();
  const { t, f } = useI18n();
  const inbox = useLoad(() => api.testInbox({ limit: 100 }), [api]);
  const [openId, setOpenId] = useState<string | null>(null);
  const smtp = inbox.status === 'ready' ? (inbox.data as { smtp?: boolean }).smtp : undefined;
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <OutboxTabs current="inbox" />
      <h2>{t('inbox.title')}</h2>
      <LocalDeliveryNote smtp={smtp} inboxLink={false} />
      {smtp === true && <p className="note">{t('inbox.smtpConfigured')}</p>}
      {inbox.status === 'loading' && <Loading />}
      {inbox.status === 'error' && <ErrorBox error={inbox.error} onRetry={inbox.reload} />}
      {inbox.status === 'ready' &&
        (inbox.data.messages.length === 0 ? (
          <Empty title={t('inbox.none')}>
            <p>{t('inbox.noneHint')}</p>
          </Empty>
        ) : (
          <div className="inbox">
            <ul className="inbox-list" aria-label={t('inbox.messages')}>
              {inbox.data.messages.map((m) => {
                const open = (openId ?? inbox.data.messages[0]!.sendId) === m.sendId;
                return (
                  <li key={m.sendId}>
                    <button type="button" className={open ? 'inbox-item open' : 'inbox-item'} aria-pressed={open} onClick={() => setOpenId(m.sendId)}>
                      <strong>{m.subject || t('inbox.noSubject')}</strong>
                      <span className="small">{m.to}</span>
                      <time className="muted small" dateTime={m.at}>
                        {f.dateTime(m.at)}
                      </time>
                    </button>
                  </li>
                );
              })}
            </ul>
            {inbox.data.messages
              .filter((m) => (openId ?? inbox.data.messages[0]!.sendId) === m.sendId)
              .map((m) => (
                <article key={m.sendId} className="inbox-message" aria-label={m.subject}>
                  <h3>{m.subject || t('inbox.noSubject')}</h3>
                  <dl className="facts">
                    <dt>{t('inbox.to')}</dt>
                    <dd>{m.to}</dd>
                    <dt>{t('outbox.messageId')}</dt>
                    <dd>
                      <code>{m.messageId}</code>
                    </dd>
                    <dt>{t('inbox.captured')}</dt>
                    <dd>{f.dateTime(m.at)}</dd>
                    <dt>{t('outbox.send')}</dt>
                    <dd>
                      <a href={href(`/outbox/${m.sendId}`)}>{m.sendId}</a>
                    </dd>
                  </dl>
                  {m.html ? <MessageFrame html={m.html} title={t('inbox.frame', { subject: m.subject })} /> : null}
                  <details open={!m.html}>
                    <summary>{t('templates.textPart')}</summary>
                    <pre className="message-text">{m.text}</pre>
                  </details>
                </article>
              ))}
          </div>
        ))}
    </>
  );
}
