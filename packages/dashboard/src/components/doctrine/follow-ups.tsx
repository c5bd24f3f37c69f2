import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { durationWords, scenarioOf } from '../../scenario-words.js';
import { useSession } from '../../session.js';
import { useLoad } from '../../use-load.js';
import { useWords } from '../scenarios/use-words.js';
import { ErrorBox, Loading } from '../states.js';
import { StatusBadge } from '../status-badge.js';
import type { Json } from '../../doctrine-draft.js';
import { StageCapsText } from './sending-policy.js';

/**
 * Each temperature's own message, rhythm and channel on one screen: per stage, the scenarios that entering it
 * starts, whether they run, and how often they may write to one contact.
 */
export function FollowUps({ stages }: { stages: readonly { key: string; label: string; caps?: Json | undefined }[] }) {
  const { api } = useSession();
  const { t, f } = useI18n();
  const words = useWords();
  const list = useLoad(() => api.listScenarios(), [api]);
  return (
    <section aria-labelledby="follow-ups">
      <h2 id="follow-ups">{t('followUps.title')}</h2>
      <p className="muted">{t('followUps.intro')}</p>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && (
        <table className="follow-ups">
          <caption className="visually-hidden">{t('followUps.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('contacts.stage')}</th>
              <th scope="col">{t('followUps.scenario')}</th>
              <th scope="col">{t('scenarios.status')}</th>
              <th scope="col">{t('scenarios.cap')}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => {
              const triggered = list.data.scenarios.filter((s) => {
                const trigger = scenarioOf(s).trigger;
                return trigger.type === 'stage_entered' && trigger.stage === stage.key;
              });
              if (triggered.length === 0) {
                return (
                  <tr key={stage.key}>
                    <th scope="row">
                      {stage.label}
                      <br />
                      <StageCapsText caps={stage.caps} />
                    </th>
                    <td colSpan={3} className="muted">
                      {t('followUps.none')}
                    </td>
                  </tr>
                );
              }
              return triggered.map((s, i) => {
                const cap = scenarioOf(s).frequencyCap;
                return (
                  <tr key={s.id}>
                    {i === 0 && (
                      <th scope="row" rowSpan={triggered.length}>
                        {stage.label}
                        <br />
                        <StageCapsText caps={stage.caps} />
                      </th>
                    )}
                    <td>
                      <a href={href(`/scenarios/${s.id}`)}>{s.scenario.name}</a>
                    </td>
                    <td>
                      <StatusBadge status={s.status} />
                    </td>
                    <td>{cap ? t('flow.cap', { messages: f.number(cap.messages), within: durationWords(words, cap.within) }) : t('followUps.noCap')}</td>
                  </tr>
                );
              });
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
