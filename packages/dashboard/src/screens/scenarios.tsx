import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { useWords } from '../components/scenarios/use-words.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { enrolledNow } from '../scenario-flow.js';
import { scenarioOf, triggerWords } from '../scenario-words.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

const SEND_PAGE = 500;

/** Every scenario: what starts it, whether it runs, who is in it now and how much it has sent. */
export default function Scenarios() {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const words = useWords();
  const list = useLoad(() => api.listScenarios(), [api]);
  return (
    <>
      <h1>{t('scenarios.title')}</h1>
      <p className="muted">{t('scenarios.intro')}</p>
      <DeliveryNote />
      {can('followUps') && (
        <p>
          <a className="button" href={href('/scenarios/new')}>
            {t('scenarios.new')}
          </a>
        </p>
      )}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' &&
        (list.data.scenarios.length === 0 ? (
          <Empty title={t('scenarios.none')}>{can('followUps') && <p>{t('scenarios.noneHint')}</p>}</Empty>
        ) : (
          <table className="scenarios">
            <caption className="visually-hidden">{t('scenarios.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('scenarios.name')}</th>
                <th scope="col">{t('flow.trigger')}</th>
                <th scope="col">{t('scenarios.status')}</th>
                <th scope="col" className="num">{t('scenarios.enrolled')}</th>
                <th scope="col" className="num">{t('scenarios.sends')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.scenarios.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={href(`/scenarios/${s.id}`)}>{s.scenario.name}</a> <code className="muted small">{s.key}</code>
                  </td>
                  <td>{triggerWords(words, scenarioOf(s).trigger)}</td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td className="num">{f.number(enrolledNow(s.atStep))}</td>
                  <td className="num">
                    <SendCount scenarioId={s.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

/** How many sends a scenario has made, read from its first page of the outbox (shown as 500+ beyond). */
function SendCount({ scenarioId }: { scenarioId: string }) {
  const { api } = useSession();
  const { f } = useI18n();
  const page = useLoad(() => api.listSends({ scenarioId, limit: SEND_PAGE }), [api, scenarioId]);
  if (page.status !== 'ready') return <span className="muted">…</span>;
  return (
    <a href={href('/outbox', { scenarioId })}>
      {f.number(page.data.sends.length)}
      {page.data.nextCursor ? '+' : ''}
    </a>
  );
}
