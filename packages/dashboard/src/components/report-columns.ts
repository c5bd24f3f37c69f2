import { TEMPERATURES } from '@leadpulse/core';
import type { Formats } from '../i18n/i18n.js';
import { en, type MessageKey } from '../i18n/en.js';

type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;
type Cell = string | number | boolean | null;

/**
 * The reports' tables keep the CSV export's machine column names (`reached_warm`, `days_cold-warm_p75`); the
 * dashboard reads them to the user in their language and formats each cell by what its column holds.
 */
export interface ColumnReader {
  header(column: string): string;
  cell(column: string, value: Cell): string;
}

const TEMPERATURE_KEYS: ReadonlySet<string> = new Set(['none', ...TEMPERATURES]);
const PERCENT = /^(conversion_.+|rate|rate_low|rate_high)$/;
const MONEY = /^(cost|cost_per_.+|revenue)$/;
const DAYS = /^days_.+$/;
/** Values of these columns that are words of the report, not data (a channel's own name is left alone). */
const WORD_COLUMNS = new Set(['group', 'view', 'kind', 'verdict']);
const WORDS: Record<string, MessageKey> = {
  all: 'col.value.all',
  channel: 'col.value.channel',
  'field vs digital': 'col.value.fieldVsDigital',
  field: 'costs.field',
  digital: 'costs.digital',
  stage: 'col.value.stage',
  signal: 'col.value.signal',
  'predicts buying': 'verdict.predictsBuying',
  'predicts not buying': 'verdict.predictsNotBuying',
  'no clear effect': 'verdict.noClearEffect',
  'too few contacts': 'verdict.tooFew',
  'in every contact: no contrast': 'verdict.noContrast',
};

export function columnReader(t: Translate, f: Formats, options: { currency?: string | null } = {}): ColumnReader {
  const stage = (key: string) => (key === 'entry' ? t('tunnel.contacts') : TEMPERATURE_KEYS.has(key) ? t(`temperature.${key}` as MessageKey) : key);
  const step = (key: string) => key.split('-').map(stage).join(' → ');
  const header = (column: string): string => {
    let m: RegExpMatchArray | null;
    if ((m = column.match(/^reached_(\w+)$/))) return t('col.reached', { stage: stage(m[1]!) });
    if ((m = column.match(/^conversion_([\w-]+)$/))) return t('col.conversion', { step: step(m[1]!) });
    if ((m = column.match(/^days_to_(\w+)_median$/))) return t('col.daysToMedian', { stage: stage(m[1]!) });
    if ((m = column.match(/^days_([\w-]+)_(median|p75)$/))) return t(m[2] === 'median' ? 'col.daysMedian' : 'col.daysP75', { step: step(m[1]!) });
    if ((m = column.match(/^cost_per_(\w+)$/))) return m[1] === 'contact' || m[1] === 'revenue' ? t(`col.cost_per_${m[1]}` as MessageKey) : t('col.costPer', { stage: stage(m[1]!) });
    const key = `col.${column}`;
    return key in en ? t(key as MessageKey) : column.replace(/_/g, ' ');
  };
  const cell = (column: string, value: Cell): string => {
    if (value === null) return '–';
    if (typeof value === 'boolean') return t(value ? 'col.value.yes' : 'col.value.no');
    if (typeof value === 'number') {
      if (PERCENT.test(column)) return f.percent(value);
      if (column === 'cost_per_revenue') return f.number(value, 2);
      if (MONEY.test(column)) return f.money(value, options.currency);
      if (DAYS.test(column)) return f.number(value, 1);
      if (column === 'lift') return `×${f.number(value, 2)}`;
      return f.number(value);
    }
    const word = WORD_COLUMNS.has(column) ? WORDS[value] : undefined;
    if (word) return t(word);
    // The doctrine check names temperatures in its stage rows.
    if (column === 'name' && TEMPERATURE_KEYS.has(value)) return stage(value);
    return value;
  };
  return { header, cell };
}
