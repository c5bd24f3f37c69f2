import type { ReportDocuments } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';
import { TEMPERATURE_COLOURS } from './stage-badge.js';

type Group = ReportDocuments['tunnel']['total'];
const STEPS = [
  { key: 'cold', step: 'entry-cold' },
  { key: 'warm', step: 'cold-warm' },
  { key: 'hot', step: 'warm-hot' },
  { key: 'client', step: 'hot-client' },
] as const;

/** The tunnel of one group: contacts, then each temperature reached, with the rate and median time of each step. */
export function TunnelSteps({ group }: { group: Group }) {
  const { t, f } = useI18n();
  const widest = Math.max(group.contacts, 1);
  return (
    <ol className="tunnel">
      <li>
        <span className="step-name">{t('tunnel.contacts')}</span>
        <span className="bar" style={{ width: '100%', background: '#6b7785' }} />
        <strong>{f.number(group.contacts)}</strong>
      </li>
      {STEPS.map(({ key, step }) => (
        <li key={key}>
          <span className="step-name">{t(`temperature.${key}`)}</span>
          <span className="bar" style={{ width: `${(100 * group.reached[key]) / widest}%`, background: TEMPERATURE_COLOURS[key] }} />
          <strong>{f.number(group.reached[key])}</strong>
          <span className="muted small">
            {t('tunnel.step', { rate: f.percent(group.conversion[step]), median: f.duration(group.time[step].median) })}
          </span>
          {key !== 'client' && group.skipped[key] > 0 && <span className="muted small"> · {t('tunnel.skipped', { n: f.number(group.skipped[key]) })}</span>}
        </li>
      ))}
    </ol>
  );
}
