import type { Scenario } from '@leadpulse/core';
import { ScenarioJson } from '../components/scenarios/scenario-json.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';

// A small journey to start from: every field a scenario needs, in the shape the docs describe.
const STARTER: Scenario = {
  key: 'my-follow-up',
  name: 'My follow-up',
  trigger: { type: 'stage_entered', stage: 'warm' },
  steps: [
    { id: 'pause', type: 'wait', duration: '2d', at: '09:00', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] },
    { id: 'follow-up', type: 'send_email', template: 'warm-follow-up' },
  ],
  exit: [{ type: 'trigger_stage_left' }],
  reentry: { policy: 'never' },
  timezone: 'Europe/Paris',
};

/** A new scenario, written as JSON; it is stored as a draft, to activate from its page. */
export default function NewScenario() {
  const { api } = useSession();
  const { t } = useI18n();
  return (
    <>
      <p>
        <a href={href('/scenarios')}>← {t('scenarios.title')}</a>
      </p>
      <h1>{t('scenarios.new')}</h1>
      <p className="muted">{t('scenarios.newHint')}</p>
      <ScenarioJson
        initial={STARTER}
        running={false}
        submitLabel={t('scenarios.create')}
        save={(document) => api.createScenario(document)}
        onSaved={(saved) => navigate(`/scenarios/${(saved as { id: string }).id}`)}
      />
    </>
  );
}
