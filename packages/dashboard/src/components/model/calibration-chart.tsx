import { useI18n } from '../../i18n/i18n.js';
import type { ReliabilityBin } from '@leadpulse/contract/client';
import { calibrationScale } from './model-figures.js';

const SIZE = 320;
const PAD = { left: 48, right: 12, top: 12, bottom: 40 };
const PLOT = SIZE - PAD.left - PAD.right;

/**
 * Predicted against observed purchase rate per group of contacts, as an inline SVG (one small plot needs no chart
 * library), with the same numbers in a table for screen readers and for reading exact values.
 */
export function CalibrationChart({ bins }: { bins: readonly ReliabilityBin[] }) {
  const { t, f } = useI18n();
  const filled = bins.filter((b): b is ReliabilityBin & { predicted: number; observed: number } => b.predicted !== null && b.observed !== null && b.count > 0);
  const top = calibrationScale(filled);
  const x = (v: number) => PAD.left + (v / top) * PLOT;
  const y = (v: number) => PAD.top + (1 - v / top) * PLOT;
  const ticks = [0, top / 2, top];
  // A point's area follows its group's size: a small group far from the diagonal is noise, and looks small.
  const largest = Math.max(1, ...filled.map((b) => b.count));
  const radius = (count: number) => 2.5 + 4.5 * Math.sqrt(count / largest);
  const label = t('model.calibrationLabel', { groups: filled.length });
  return (
    <figure className="calibration">
      <svg className="calibration-chart" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label}>
        <title>{label}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={x(0)} x2={x(top)} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end">
              {f.percent(v, 0)}
            </text>
            <text x={x(v)} y={y(0) + 16} textAnchor="middle">
              {f.percent(v, 0)}
            </text>
          </g>
        ))}
        <line x1={x(0)} y1={y(0)} x2={x(top)} y2={y(top)} className="diagonal" />
        <polyline points={filled.map((b) => `${x(b.predicted).toFixed(1)},${y(b.observed).toFixed(1)}`).join(' ')} className="line" />
        {filled.map((b, i) => (
          <circle key={i} cx={x(b.predicted)} cy={y(b.observed)} r={radius(b.count)} className="point" />
        ))}
        <text x={x(top / 2)} y={SIZE - 6} textAnchor="middle" className="axis-title">
          {t('model.predicted')}
        </text>
        <text x={12} y={y(top / 2)} textAnchor="middle" className="axis-title" transform={`rotate(-90 12 ${y(top / 2)})`}>
          {t('model.observed')}
        </text>
      </svg>
      <details>
        <summary>{t('model.calibrationTable')}</summary>
        <table>
          <caption className="visually-hidden">{t('model.calibrationTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('model.group')}</th>
              <th scope="col" className="num">{t('model.contacts')}</th>
              <th scope="col" className="num">{t('model.predicted')}</th>
              <th scope="col" className="num">{t('model.observed')}</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b, i) => (
              <tr key={i}>
                <th scope="row">
                  {f.percent(b.from, 0)} – {f.percent(b.to, 0)}
                </th>
                <td className="num">{f.number(b.count)}</td>
                <td className="num">{f.percent(b.predicted)}</td>
                <td className="num">{f.percent(b.observed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
