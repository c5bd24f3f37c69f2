import { useState } from 'react';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { EnrolmentTable } from '../components/scenarios/enrolment-table.js';
import { FlowView } from '../components/scenarios/flow-view.js';
import { ScenarioJson } from '../components/scenarios/scenario-json.js';
import { SimulatePanel } from '../components/scenarios/simulate-panel.js';
import { useWords } from '../components/scenarios/use-words.js';
import { ErrorBox, Loading } from '../components/states.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { enrolledNow } from '../scenario-flow.js';
import { scenarioOf } from '../scenario-words.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

/** One scenario: its journey as a flow with who is where, run or hold it, edit it as JSON, and try it on a virtual clock. */
export default function Scenario({ id }: { id: string }) {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const words = useWords();
  const describe = useErrorText();
  const data = useLoad(() => api.getScenario(id), [api, id]);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const view = data.data;
  const scenario = scenarioOf(view);
  const editor = can('followUps');

  async function act(run: () => Promise<unknown>, done: string, after: () => void = data.reload) {
    setBusy(true);
    setMessage(null);
    try {
      await run();
      setMessage({ ok: true, text: done });
      after();
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }
  const remove = () => {
    if (window.confirm(t('scenarios.confirmDelete', { name: scenario.name }))) void act(() => api.deleteScenario(id), t('scenarios.deleted'), () => navigate('/scenarios'));
  };

  return (
    <>
      <p>
        <a href={href('/scenarios')}>← {t('scenarios.title')}</a>
      </p>
      <h1>
        {scenario.name} <StatusBadge status={view.status} />
      </h1>
      <p className="muted">
        {t('scenarios.meta', { key: view.key, version: view.version, date: f.dateTime(view.updatedAt), n: f.number(enrolledNow(view.atStep)) })}
      </p>
      {scenario.description && <p>{scenario.description}</p>}
      <DeliveryNote />
      {editor && (
        <div className="actions">
          {view.status === 'active' ? (
            <button type="button" onClick={() => void act(() => api.pauseScenario(id), t('scenarios.paused'))} disabled={busy}>
              {t('scenarios.pause')}
            </button>
          ) : (
            <button type="button" className="primary" onClick={() => void act(() => api.activateScenario(id), t('scenarios.activated'))} disabled={busy}>
              {t('scenarios.activate')}
            </button>
          )}
          <button type="button" onClick={remove} disabled={busy}>
            {t('scenarios.delete')}
          </button>
        </div>
      )}
      <FormMessage message={message} />
      <section aria-labelledby="flow">
        <h2 id="flow">{t('scenarios.flow')}</h2>
        <FlowView scenario={scenario} atStep={view.atStep} words={words} />
      </section>
      <section aria-labelledby="enrolments">
        <h2 id="enrolments">{t('scenarios.enrolments')}</h2>
        <EnrolmentTable scenarioId={id} steps={scenario.steps.map((s) => s.id)} />
      </section>
      {editor && (
        <section aria-labelledby="simulate">
          <h2 id="simulate">{t('simulate.title')}</h2>
          <SimulatePanel scenarioId={id} />
        </section>
      )}
      <section aria-labelledby="json">
        <h2 id="json">{t('scenarios.json')}</h2>
        {editor ? (
          <ScenarioJson key={`${view.id}:${view.version}`} initial={scenario} running={view.status === 'active'} save={(document, migrate) => api.updateScenario(id, document, { migrate })} onSaved={data.reload} />
        ) : (
          <pre className="code" tabIndex={0} aria-label={t('scenarios.json')}>
            {JSON.stringify(scenario, null, 2)}
          </pre>
        )}
      </section>
    </>
  );
}
