import { TRAIT_OPS, type TraitOp } from '@leadpulse/core';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';

/** How a trait is compared, in words: "equals", "is one of", "is a date within the last"… */
export function TraitOpSelect({ value, onChange }: { value: string; onChange: (op: TraitOp) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t('doctrine.op')}
      <select value={value} onChange={(e) => onChange(e.target.value as TraitOp)}>
        {TRAIT_OPS.map((op) => (
          <option key={op} value={op}>
            {t(`doctrine.op.${op}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );
}
