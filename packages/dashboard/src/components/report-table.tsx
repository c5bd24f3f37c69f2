import type { ReportDocuments } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';

type Table = ReportDocuments['tunnel']['table'];

/** Any report's table, as its CSV export has it; numbers formatted for the reader's language. */
export function ReportTable({ table, caption }: { table: Table; caption: string }) {
  const { t, f } = useI18n();
  if (table.rows.length === 0) return <p className="muted">{t('reports.noRows')}</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c.replace(/_/g, ' ')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                  {typeof cell === 'number' ? f.number(cell, 3) : cell === null ? '–' : String(cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
