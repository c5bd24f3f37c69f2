import type { ReportDocuments } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';
import type { StageNames } from './stage-names.js';

type Matrix = ReportDocuments['tunnel']['transitions'];

/** Who moved from which stage to which in the period: rows are where they came from, cooling moves stand out. */
export function TransitionMatrixTable({ matrix, names }: { matrix: Matrix; names: StageNames }) {
  const { t, f } = useI18n();
  if (matrix.moves.length === 0) return <p className="muted">{t('reports.noRows')}</p>;
  const count = (from: string | null, to: string) => matrix.moves.find((m) => m.from === from && m.to === to);
  const sources = [null, ...matrix.stages];
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="transitions">
      <table className="matrix">
        <thead>
          <tr>
            <th scope="col">{t('transitions.fromTo')}</th>
            {matrix.stages.map((s) => (
              <th key={s} scope="col" className="num">
                {names.label(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sources.map((from) => (
            <tr key={from ?? ''}>
              <th scope="row">{from === null ? t('transitions.new') : names.label(from)}</th>
              {matrix.stages.map((to) => {
                const move = count(from, to);
                return (
                  <td key={to} className={move?.cooling ? 'num cooling' : 'num'} title={move?.cooling ? t('transitions.cooling') : undefined}>
                    {move ? f.number(move.count) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('transitions.hint')}</p>
    </div>
  );
}
