import { TEMPERATURES } from '@leadpulse/core';
import { addCondition, conditionLeaves, describeCondition, getAt, removeAt, traitValue, type Json, type Path } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';
import { LabelInputs } from './label-inputs.js';
import { NewCondition } from './new-condition.js';
import { StageCaps } from './sending-policy.js';
import { TraitOpSelect } from './trait-op-select.js';

export interface StageFormProps {
  readonly draft: Json;
  readonly index: number;
  readonly count: number;
  readonly signals: readonly string[];
  edit(path: Path, value: Json): void;
  change(next: (d: Json) => Json): void;
  move(delta: -1 | 1): void;
  remove(): void;
}

/** One stage: its labels, temperature, place in precedence, and the conditions of its rule. */
export function StageForm({ draft, index, count, signals, edit, change, move, remove }: StageFormProps) {
  const { t, lang } = useI18n();
  const base: Path = ['stages', index];
  const key = String(getAt(draft, [...base, 'key']));
  const label = String(getAt(draft, [...base, 'labels', lang]) ?? key);
  const leaves = conditionLeaves(getAt(draft, [...base, 'when']), [...base, 'when']);
  return (
    <fieldset className="stage-form">
      <legend>
        {label} <code className="muted small">{key}</code>
      </legend>
      <div className="stage-actions">
        <span className="muted small">{t('doctrine.precedence', { n: index + 1, count })}</span>
        <button type="button" className="link" disabled={index === 0} onClick={() => move(-1)} aria-label={t('doctrine.moveUp', { stage: label })}>
          ↑
        </button>
        <button type="button" className="link" disabled={index === count - 1} onClick={() => move(1)} aria-label={t('doctrine.moveDown', { stage: label })}>
          ↓
        </button>
        {count > 1 && (
          <button type="button" className="link" onClick={remove} aria-label={t('doctrine.removeStage', { stage: label })}>
            {t('doctrine.remove')}
          </button>
        )}
      </div>
      <div className="grid-form">
        <LabelInputs draft={draft} path={[...base, 'labels']} edit={edit} />
        <label>
          {t('doctrine.temperature')}
          <select value={String(getAt(draft, [...base, 'temperature']) ?? '')} onChange={(e) => edit([...base, 'temperature'], e.target.value === '' ? (undefined as unknown as Json) : e.target.value)}>
            {(['', ...TEMPERATURES] as const).map((temperature) => (
              <option key={temperature} value={temperature}>
                {temperature === '' ? t('temperature.none') : t(`temperature.${temperature}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="conditions">
        {leaves.map(({ path, condition }) => (
          <li key={path.join('.')}>
            <span className="condition-name">{describeCondition(condition)}</span>
            <ConditionFields path={path} condition={condition} edit={edit} />
            {typeof path[path.length - 1] === 'number' && leaves.length > 1 && (
              <button type="button" className="link" onClick={() => change((d) => removeAt(d, path))} aria-label={t('doctrine.removeCondition', { name: describeCondition(condition), stage: key })}>
                {t('doctrine.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <NewCondition stage={label} signals={signals} onAdd={(condition) => change((d) => addCondition(d, [...base, 'when'], condition))} />
      <StageCaps draft={draft} base={base} edit={edit} />
    </fieldset>
  );
}

/** The editable parts of one condition: counts and windows, a trait's comparison, the score's threshold. */
function ConditionFields({ path, condition, edit }: { path: Path; condition: Record<string, Json>; edit: (path: Path, value: Json) => void }) {
  const { t } = useI18n();
  const score = condition['score'] as Record<string, Json> | undefined;
  const predicted = condition['predicted'] as Record<string, Json> | undefined;
  const op = String(condition['op'] ?? '');
  const value = condition['value'];
  return (
    <>
      {typeof condition['atLeast'] === 'number' && (
        <label>
          {t('doctrine.atLeast')}
          <input type="number" min="0" value={condition['atLeast']} onChange={(e) => edit([...path, 'atLeast'], Number(e.target.value))} />
        </label>
      )}
      {typeof condition['within'] === 'string' && (
        <label>
          {t('doctrine.within')}
          <input value={condition['within']} onChange={(e) => edit([...path, 'within'], e.target.value)} pattern="\d+[smhdwy]" />
        </label>
      )}
      {typeof condition['trait'] === 'string' && <TraitOpSelect value={op} onChange={(next) => edit([...path, 'op'], next)} />}
      {typeof condition['trait'] === 'string' && op !== 'exists' && (
        <label>
          {t('doctrine.value')}
          <input value={Array.isArray(value) ? value.join(', ') : String(value ?? '')} onChange={(e) => edit([...path, 'value'], traitValue(op, e.target.value))} />
        </label>
      )}
      {score && typeof score['atLeast'] === 'number' && (
        <label>
          {t('doctrine.atLeast')}
          <input type="number" min="0" value={score['atLeast']} onChange={(e) => edit([...path, 'score', 'atLeast'], Number(e.target.value))} />
        </label>
      )}
      {predicted && typeof predicted['atLeast'] === 'number' && (
        <label>
          {t('doctrine.predictedAtLeast')}
          <input type="number" min="0" max="100" step="1" value={Math.round(predicted['atLeast'] * 1000) / 10} onChange={(e) => edit([...path, 'predicted', 'atLeast'], Number(e.target.value) / 100)} />
        </label>
      )}
    </>
  );
}
