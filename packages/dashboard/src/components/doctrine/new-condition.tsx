import { useState } from 'react';
import { buildCondition, type ConditionInput, type ConditionKind, type Json } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { TraitOpSelect } from './trait-op-select.js';

const KINDS: readonly ConditionKind[] = ['signal', 'event', 'trait', 'score', 'predicted'];

/** Adds one condition of any kind the rule language has: a signal, a named event, a trait, the score, or the predicted purchase probability. */
export function NewCondition({ stage, signals, onAdd }: { stage: string; signals: readonly string[]; onAdd: (condition: Json) => void }) {
  const { t } = useI18n();
  const [input, setInput] = useState<ConditionInput>({ kind: 'signal', name: signals[0] ?? 'pageViews', atLeast: 1, within: '30d', op: 'eq', value: '' });
  const set = (patch: Partial<ConditionInput>) => setInput((current) => ({ ...current, ...patch }));
  const condition = buildCondition(input);
  const counted = input.kind === 'signal' || input.kind === 'event';
  return (
    <div className="add-condition" role="group" aria-label={t('doctrine.newConditionFor', { stage })}>
      <label>
        {t('doctrine.newCondition')}
        <select value={input.kind} onChange={(e) => set({ kind: e.target.value as ConditionKind, name: e.target.value === 'signal' ? (signals[0] ?? 'pageViews') : '', ...(e.target.value === 'predicted' ? { atLeast: 20 } : {}) })}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`doctrine.kind.${kind}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {input.kind === 'signal' && (
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
      )}
      {(input.kind === 'event' || input.kind === 'trait') && (
        <label>
          {t(input.kind === 'event' ? 'doctrine.eventName' : 'doctrine.traitName')}
          <input value={input.name} onChange={(e) => set({ name: e.target.value })} placeholder={input.kind === 'event' ? 'Webinar Attended' : 'city'} />
        </label>
      )}
      {input.kind === 'trait' && (
        <>
          <TraitOpSelect value={input.op} onChange={(op) => set({ op })} />
          {input.op !== 'exists' && (
            <label>
              {t('doctrine.value')}
              <input value={input.value} onChange={(e) => set({ value: e.target.value })} placeholder={input.op === 'in' ? 'Lyon, Paris' : input.op === 'within' || input.op === 'before' ? '365d' : ''} />
            </label>
          )}
        </>
      )}
      {(counted || input.kind === 'score') && (
        <label>
          {t('doctrine.atLeast')}
          <input type="number" min="0" value={input.atLeast} onChange={(e) => set({ atLeast: Number(e.target.value) })} />
        </label>
      )}
      {input.kind === 'predicted' && (
        <label>
          {t('doctrine.predictedAtLeast')}
          <input type="number" min="0" max="100" step="1" value={input.atLeast} onChange={(e) => set({ atLeast: Number(e.target.value) })} />
        </label>
      )}
      {counted && (
        <label>
          {t('doctrine.within')}
          <input value={input.within} onChange={(e) => set({ within: e.target.value })} placeholder={t('doctrine.anyTime')} size={6} />
        </label>
      )}
      <button type="button" disabled={condition === null} onClick={() => condition !== null && onAdd(condition)}>
        {t('doctrine.addCondition')}
      </button>
    </div>
  );
}
