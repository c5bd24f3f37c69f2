import { useI18n } from '../../i18n/i18n.js';
import type { StageNames } from '../stage-names.js';
import { TEMPERATURE_COLOURS } from '../stage-badge.js';

/** How many members are at each stage, as horizontal bars with their numbers (readable without the bars). */
export function StageBars({ counts, names, label }: { counts: readonly { stage: string; count: number }[]; names: StageNames; label: string }) {
  const { f } = useI18n();
  const widest = Math.max(1, ...counts.map((c) => c.count));
  const shown = counts.filter((c) => c.count > 0);
  return (
    <table className="stage-bars">
      <caption className="visually-hidden">{label}</caption>
      <tbody>
        {shown.map((c) => (
          <tr key={c.stage}>
            <th scope="row">{names.label(c.stage)}</th>
            <td className="bar-cell">
              <span className="bar" style={{ width: `${(100 * c.count) / widest}%`, background: TEMPERATURE_COLOURS[names.tone(c.stage)] ?? TEMPERATURE_COLOURS['unknown'] }} />
            </td>
            <td className="num">{f.number(c.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
