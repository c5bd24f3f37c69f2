import type { ReportDocuments } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';
import { columnReader } from './report-columns.js';

type Table = ReportDocuments['tunnel']['table'];

/** Any report's table, as its CSV export has it, read in the user's language: headers, words, numbers, money. */
export function ReportTable({ table, caption, currency }: { table: Table; caption: string; currency?: string | null }) {
  const { t, f } = useI18n();
  const read = columnReader(t, f, { currency });
  if (table.rows.length === 0) return <p className="muted">{t('reports.noRows')}</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {read.header(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                  {read.cell(table.columns[j]!, cell)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
