import type { EnrolmentDocument, SendDocument } from '../../follow-up-documents.js';
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useLoad } from '../../use-load.js';
import { StatusBadge } from '../status-badge.js';

/** A contact's follow-ups: the scenarios they are (or were) in and the messages sent to them. */
export function ContactFollowUps({ contactId, enrolments, sends }: { contactId: string; enrolments: readonly EnrolmentDocument[]; sends: readonly SendDocument[] }) {
  const { api } = useSession();
  const { t, f } = useI18n();
  // Scenario names for the enrolments; ids stand in until they come.
  const scenarios = useLoad(() => api.listScenarios(), [api]);
  const nameOf = (id: string) => (scenarios.status === 'ready' ? scenarios.data.scenarios.find((s) => s.id === id)?.scenario.name : undefined) ?? id;
  return (
    <section aria-labelledby="follow-ups">
      <h2 id="follow-ups">{t('contact.followUps')}</h2>
      <div className="columns">
        <div>
          <h3>{t('scenarios.enrolments')}</h3>
          {enrolments.length === 0 ? (
            <p className="muted">{t('contact.noEnrolments')}</p>
          ) : (
            <ul className="plain-list">
              {enrolments.map((e) => (
                <li key={e.id}>
                  <a href={href(`/scenarios/${e.scenarioId}`)}>{nameOf(e.scenarioId)}</a> <StatusBadge status={e.status} />{' '}
                  <span className="muted small">
                    {e.status === 'active' && e.position.stepId
                      ? t('contact.enrolmentAt', { step: e.position.stepId, due: f.dateTime(e.position.dueAt) })
                      : t('contact.enrolmentSince', { date: f.dateTime(e.enteredAt) }) + (e.endReason ? ` · ${e.endReason}` : '')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h3>{t('contact.sends')}</h3>
          {sends.length === 0 ? (
            <p className="muted">{t('contact.noSends')}</p>
          ) : (
            <ul className="plain-list">
              {sends.map((s) => (
                <li key={s.id}>
                  <a href={href(`/outbox/${s.id}`)}>{s.subject ?? t(`channel.${s.channel}`)}</a> <StatusBadge status={s.status} />{' '}
                  <span className="muted small">
                    {t(`channel.${s.channel}`)} · {f.dateTime(s.sentAt ?? s.createdAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="small">
            <a href={href('/outbox', { contactId })}>{t('contact.allSends')}</a>
          </p>
        </div>
      </div>
    </section>
  );
}
