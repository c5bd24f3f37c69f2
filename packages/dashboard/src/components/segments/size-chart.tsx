import { useI18n } from '../../i18n/i18n.js';

const WIDTH = 600;
const HEIGHT = 140;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };

/** The segment's size at the end of each day, as a small inline SVG line: no chart library for one line. */
export function SizeChart({ points }: { points: readonly { day: string; size: number }[] }) {
  const { t, f } = useI18n();
  if (points.length === 0) return <p className="muted">{t('segments.noSizes')}</p>;
  const top = Math.max(1, ...points.map((p) => p.size));
  const x = (i: number) => PAD.left + (points.length === 1 ? 0 : (i * (WIDTH - PAD.left - PAD.right)) / (points.length - 1));
  const y = (size: number) => PAD.top + (1 - size / top) * (HEIGHT - PAD.top - PAD.bottom);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.size).toFixed(1)}`).join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const label = t('segments.sizesLabel', { from: f.date(first.day), to: f.date(last.day), first: f.number(first.size), last: f.number(last.size) });
  return (
    <svg className="size-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(top)} y2={y(top)} className="grid" />
      <text x={PAD.left - 6} y={y(top) + 4} textAnchor="end">
        {f.number(top)}
      </text>
      <text x={PAD.left - 6} y={y(0) + 4} textAnchor="end">
        0
      </text>
      <text x={PAD.left} y={HEIGHT - 4}>
        {f.date(first.day)}
      </text>
      <text x={WIDTH - PAD.right} y={HEIGHT - 4} textAnchor="end">
        {f.date(last.day)}
      </text>
      <polyline points={line} className="line" />
    </svg>
  );
}
