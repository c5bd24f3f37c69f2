import { getAt, type Json, type Path } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';
import { isOncePointRule, pointRuleSummary } from '../../point-rule-draft.js';
import { NewPointRule } from './new-point-rule.js';

/** Points per signal, with their caps, and rules that give points once (a threshold, a trait): what the score adds up. */
export function PointsForm({ draft, edit, signals }: { draft: Json; edit: (path: Path, value: Json) => void; signals: readonly string[] }) {
  const { t } = useI18n();
  const rules = (getAt(draft, ['points', 'rules']) as Json[] | undefined) ?? [];
  return (
    <fieldset className="stage-form">
      <legend>{t('doctrine.points')}</legend>
      <ul className="conditions">
        {rules.map((rule, i) => {
          const r = rule as Record<string, Json>;
          const name = String(r['id'] ?? r['signal'] ?? r['event'] ?? i);
          const once = isOncePointRule(r);
          return (
            <li key={name}>
              <span className="condition-name">{name}</span>
              <span>{pointRuleSummary(r)}</span>
              <label>
                {t(once ? 'doctrine.pointsOnce' : 'doctrine.pointsEach')}
                <input type="number" step="0.5" value={Number(r['points'] ?? 0)} onChange={(e) => edit(['points', 'rules', i, 'points'], Number(e.target.value))} />
              </label>
              {!once && (
                <label>
                  {t('doctrine.cap')}
                  <input type="number" min="0" value={r['cap'] === undefined ? '' : Number(r['cap'])} onChange={(e) => edit(['points', 'rules', i, 'cap'], e.target.value === '' ? (undefined as unknown as Json) : Number(e.target.value))} />
                </label>
              )}
            </li>
          );
        })}
      </ul>
      <NewPointRule signals={signals} onAdd={(rule) => edit(['points', 'rules'], [...rules, rule])} />
    </fieldset>
  );
}
