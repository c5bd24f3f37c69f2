import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { HORIZONS, type HorizonDays } from '../../horizons.js';

/** A labelled choice of purchase horizon (30, 90 or 180 days), used by training and by the doctrine advisor. */
export function HorizonSelect({ label, value, onChange }: { label: MessageKey; value: HorizonDays; onChange: (days: HorizonDays) => void }) {
  const { t } = useI18n();
  return (
    <label>
      {t(label)}
      <select value={value} onChange={(e) => onChange(Number(e.target.value) as HorizonDays)}>
        {HORIZONS.map((days) => (
          <option key={days} value={days}>
            {t('model.days', { days })}
          </option>
        ))}
      </select>
    </label>
  );
}
