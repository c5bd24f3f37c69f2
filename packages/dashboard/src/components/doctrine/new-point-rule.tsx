import { useState } from 'react';
import type { ConditionInput, Json } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { buildPointRule } from '../../point-rule-draft.js';
import { TraitOpSelect } from './trait-op-select.js';

const KINDS = ['signal', 'event', 'trait'] as const;
type Form = ConditionInput & { id: string; points: number };

/** Adds a point rule that gives its points once: when a signal or event reaches a count, or when a trait comparison holds. */
export function NewPointRule({ signals, onAdd }: { signals: readonly string[]; onAdd: (rule: Json) => void }) {
  const { t } = useI18n();
  const [input, setInput] = useState<Form>({ kind: 'signal', name: signals[0] ?? 'sessions', atLeast: 3, within: '30d', op: 'gte', value: '', id: '', points: 10 });
  const set = (patch: Partial<Form>) => setInput((current) => ({ ...current, ...patch }));
  const rule = buildPointRule(input);
  return (
    <div className="add-condition" role="group" aria-label={t('doctrine.newPointRule')}>
      <label>
        {t('doctrine.newPointRule')}
        <select value={input.kind} onChange={(e) => set({ kind: e.target.value as Form['kind'], name: e.target.value === 'signal' ? (signals[0] ?? 'sessions') : '' })}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`doctrine.kind.${kind}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {input.kind === 'signal' ? (
        <label>
          {t('doctrine.signal')}
          <select value={input.name} onChange={(e) => set({ name: e.target.value })}>
            {signals.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <label>
          {t(input.kind === 'event' ? 'doctrine.eventName' : 'doctrine.traitName')}
          <input value={input.name} onChange={(e) => set({ name: e.target.value })} placeholder={input.kind === 'event' ? 'Webinar Attended' : 'company_size'} />
        </label>
      )}
      {input.kind === 'trait' ? (
        <>
          <TraitOpSelect value={input.op} onChange={(op) => set({ op })} />
          {input.op !== 'exists' && (
            <label>
              {t('doctrine.value')}
              <input value={input.value} onChange={(e) => set({ value: e.target.value })} placeholder="50" />
            </label>
          )}
        </>
      ) : (
        <>
          <label>
            {t('doctrine.atLeast')}
            <input type="number" min="1" value={input.atLeast} onChange={(e) => set({ atLeast: Number(e.target.value) })} />
          </label>
          <label>
            {t('doctrine.within')}
            <input value={input.within} onChange={(e) => set({ within: e.target.value })} placeholder={t('doctrine.anyTime')} size={6} />
          </label>
        </>
      )}
      <label>
        {t('doctrine.pointRuleId')}
        <input value={input.id} onChange={(e) => set({ id: e.target.value })} placeholder="big-company" size={12} />
      </label>
      <label>
        {t('doctrine.pointsOnce')}
        <input type="number" step="0.5" value={input.points} onChange={(e) => set({ points: Number(e.target.value) })} />
      </label>
      <button type="button" disabled={rule === null} onClick={() => rule !== null && onAdd(rule)}>
        {t('doctrine.addPointRule')}
      </button>
    </div>
  );
}
