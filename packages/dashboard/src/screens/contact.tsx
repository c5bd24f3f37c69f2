import type { TimelineEntry } from '@leadpulse/contract/client';
import { ContactFollowUps } from '../components/scenarios/contact-follow-ups.js';
import { StageBadge } from '../components/stage-badge.js';
import { ErrorBox, Loading } from '../components/states.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { withSessions } from '../timeline-sessions.js';
import { ignoredEngagementWords } from '../engagement-words.js';
import { ConsentFacts } from '../components/consent-facts.js';
import { PredictionFactors } from '../components/model/prediction-factors.js';

/** One contact: who they are, their temperature and why, and everything that happened. */
export default function Contact({ id }: { id: string }) {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const data = useLoad(() => Promise.all([api.contacts.get(id, lang), api.contacts.timeline(id, { limit: 200 })]), [api, id, lang]);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [contact, timeline] = data.data;
  const evidence = new Map(timeline.entries.filter((e) => e.kind === 'event').map((e) => [String(e.event?.['id']), e]));
  return (
    <>
      <p>
        <a href={href('/contacts')}>← {t('contacts.title')}</a>
      </p>
      <h1>
        {contact.email ?? contact.userId ?? contact.id} <StageBadge stage={contact.stage} label={contact.stageLabel} />
      </h1>
      <p className="muted">{t('contact.since', { date: f.dateTime(contact.stageSince), score: f.number(contact.score) })}</p>
      <div className="columns">
        <div>
          <section aria-labelledby="why">
            <h2 id="why">{t('contact.why')}</h2>
            {contact.reasons.length === 0 ? (
              <p className="muted">{t('contact.noReasons')}</p>
            ) : (
              contact.reasons.map((reason, i) => (
                <ul key={i} className="reasons">
                  {reason.conditions.map((c, j) => (
                    <li key={j}>
                      <strong>{c.text}</strong>
                      {c.evidence.length > 0 && (
                        <ul className="evidence" aria-label={t('contact.evidence')}>
                          {c.evidence.map((eventId) => {
                            const entry = evidence.get(eventId);
                            return <li key={eventId}>{entry ? `${describe(entry, t)} · ${f.dateTime(entry.at)}` : eventId}</li>;
                          })}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              ))
            )}
            {contact.scoreLines.length > 0 && (
              <>
                <h3>{t('contact.points')}</h3>
                <table>
                  <caption className="visually-hidden">{t('contact.points')}</caption>
                  <tbody>
                    {contact.scoreLines.map((line) => (
                      <tr key={line.rule}>
                        <th scope="row">{line.rule}</th>
                        <td className="num">{f.number(line.points, 1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>
          {contact.prediction && <PredictionFactors prediction={contact.prediction} />}
        </div>
        <section aria-labelledby="who">
          <h2 id="who">{t('contact.identities')}</h2>
          <dl className="facts">
            <dt>{t('contact.email')}</dt>
            <dd>{contact.email ?? '–'}</dd>
            <dt>{t('contact.userId')}</dt>
            <dd>{contact.userId ?? '–'}</dd>
            <dt>{t('contact.anonymousIds')}</dt>
            <dd>{contact.anonymousIds.join(', ') || '–'}</dd>
            <dt>{t('contact.firstTouch')}</dt>
            <dd>{contact.aggregates.firstTouch ? [contact.aggregates.firstTouch.source, contact.aggregates.firstTouch.medium, contact.aggregates.firstTouch.campaign].filter(Boolean).join(' / ') || '–' : '–'}</dd>
            <dt>{t('contact.firstSeen')}</dt>
            <dd>{f.dateTime(contact.aggregates.firstSeenAt)}</dd>
            <dt>{t('contacts.lastSeen')}</dt>
            <dd>{f.dateTime(contact.aggregates.lastSeenAt)}</dd>
          </dl>
          <h3>{t('contact.traits')}</h3>
          {Object.keys(contact.traits).length === 0 ? (
            <p className="muted">{t('contact.noTraits')}</p>
          ) : (
            <dl className="facts">
              {Object.entries(contact.traits).map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
                </div>
              ))}
            </dl>
          )}
          {contact.consent && <ConsentFacts consent={contact.consent} />}
        </section>
      </div>
      {(contact.enrolments || contact.sends) && <ContactFollowUps contactId={contact.id} enrolments={contact.enrolments ?? []} sends={contact.sends ?? []} />}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('contact.timeline')}</h2>
        <ol className="timeline">
          {withSessions(timeline.entries).map((entry, i) =>
            entry.kind === 'session' ? (
              <li key={i} className="session">
                {t('contact.session', { date: f.dateTime(entry.at) })}
              </li>
            ) : (
            <li key={i} className={`entry-${entry.kind}`}>
              <time dateTime={entry.at}>{f.dateTime(entry.at)}</time> <span>{entry.kind === 'stage_change' ? t('contact.moved', { from: entry.change?.from ?? '–', to: entry.change?.to ?? '' }) : entry.kind === 'merge' ? t('contact.merged') : entry.kind === 'send' ? sentWords(entry, t) : describe(entry, t)}</span>
            </li>
            ),
          )}
        </ol>
      </section>
    </>
  );
}

/** A message a scenario sent, in a few words: its subject (or channel) and what became of it. */
function sentWords(entry: TimelineEntry, t: ReturnType<typeof useI18n>['t']): string {
  const send = entry.send!;
  const channel = t(`channel.${send.channel}` as MessageKey);
  return t('contact.sent', { what: send.subject ? `“${send.subject}”` : channel, channel, status: t(`status.${send.status}` as MessageKey) });
}

/** An event in a few words: its name, or the page path; a machine's open or click says it was ignored, and why. */
function describe(entry: TimelineEntry, t: ReturnType<typeof useI18n>['t']): string {
  const event = entry.event ?? {};
  const ignored = ignoredEngagementWords(event, t);
  if (ignored) return ignored;
  if (event['type'] === 'page') {
    const context = event['context'] as { page?: { path?: string } } | undefined;
    const properties = event['properties'] as { path?: string } | undefined;
    return `page ${properties?.path ?? context?.page?.path ?? ''}`;
  }
  return String(event['name'] ?? event['type'] ?? '');
}
