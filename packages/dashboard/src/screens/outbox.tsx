import type { SendStatusValue } from '../follow-up-documents.js';
import { useState, type FormEvent } from 'react';
import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { OutboxTabs } from '../components/messages/outbox-tabs.js';
import { CursorPager } from '../components/cursor-pager.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

const PAGE = 50;
type SendStatus = SendStatusValue;
// The contract's list (DESIGN 3.5), spelled out here: the dashboard bundles no zod schema.
const SEND_STATUS_VALUES = ['queued', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'failed', 'suppressed'] as const satisfies readonly SendStatus[];

/** The outbox: every send, newest first, filtered by status (dead letters are `failed`), scenario or contact. */
export default function Outbox({ params }: { params: URLSearchParams }) {
  const { api } = useSession();
  const { t, f } = useI18n();
  const status = (SEND_STATUS_VALUES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as SendStatus) : undefined;
  const scenarioId = params.get('scenarioId') ?? undefined;
  const contactId = params.get('contactId') ?? undefined;
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const page = useLoad(() => api.listSends({ status, scenarioId, contactId, limit: PAGE, cursor: cursor ?? undefined }), [api, status, scenarioId, contactId, cursor]);

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCursors([null]);
    navigate('/outbox', { status: String(form.get('status') ?? ''), scenarioId, contactId });
  }

  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <OutboxTabs current="sends" />
      <DeliveryNote />
      <form className="filters" onSubmit={filter} role="search">
        <label>
          {t('outbox.status')}
          <select name="status" defaultValue={status ?? ''} key={status ?? ''}>
            <option value="">{t('outbox.allStatuses')}</option>
            {SEND_STATUS_VALUES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('contacts.apply')}</button>
        {(scenarioId || contactId) && (
          <a href={href('/outbox', { status })}>{t('outbox.clearScope')}</a>
        )}
      </form>
      {status === 'failed' && <p className="muted">{t('outbox.deadLetters')}</p>}
      {page.status === 'loading' && <Loading />}
      {page.status === 'error' && <ErrorBox error={page.error} onRetry={page.reload} />}
      {page.status === 'ready' &&
        (page.data.sends.length === 0 ? (
          <Empty title={status || scenarioId || contactId ? t('outbox.noMatch') : t('outbox.none')} />
        ) : (
          <>
            <table className="sends">
              <caption className="visually-hidden">{t('outbox.sends')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('outbox.created')}</th>
                  <th scope="col">{t('outbox.channel')}</th>
                  <th scope="col">{t('outbox.recipient')}</th>
                  <th scope="col">{t('outbox.subject')}</th>
                  <th scope="col">{t('outbox.status')}</th>
                  <th scope="col" className="num">{t('outbox.attempts')}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.sends.map((send) => (
                  <tr key={send.id}>
                    <td>
                      <a href={href(`/outbox/${send.id}`)}>{f.dateTime(send.createdAt)}</a>
                    </td>
                    <td>{t(`channel.${send.channel}`)}</td>
                    <td>{send.recipient ?? <a href={href(`/contacts/${send.contactId}`)}>{send.contactId}</a>}</td>
                    <td>{send.subject ?? '–'}</td>
                    <td>
                      <StatusBadge status={send.status} />
                    </td>
                    <td className="num">{f.number(send.attempts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CursorPager cursors={cursors} setCursors={setCursors} nextCursor={page.data.nextCursor} />
          </>
        ))}
    </>
  );
}
