import { describe, expect, it } from 'vitest';
import { formats, translate, type Lang } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { columnReader } from './report-columns.js';

const reader = (lang: Lang) => columnReader((key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars), formats(lang), { currency: 'EUR' });

describe('report columns read in the user language', () => {
  it('names the tunnel, cost and campaign columns in English and French', () => {
    const en = reader('en');
    const fr = reader('fr');
    expect(en.header('reached_warm')).toBe('Reached Warm');
    expect(fr.header('reached_warm')).toBe('Atteint Tiède');
    expect(en.header('conversion_entry-cold')).toBe('Contacts → Cold');
    expect(fr.header('days_cold-warm_p75')).toBe('Jours Froid → Tiède (75e centile)');
    expect(fr.header('days_to_client_median')).toBe("Jours jusqu'à Client (médiane)");
    expect(fr.header('cost_per_hot')).toBe('Coût par Chaud');
    expect(fr.header('cost_per_revenue')).toBe("Coût par € de chiffre d'affaires");
    expect(fr.header('verdict')).toBe('Verdict');
    // A column the dashboard does not know yet still reads, without underscores.
    expect(en.header('some_new_column')).toBe('some new column');
  });

  it('formats each cell by what its column holds', () => {
    const fr = reader('fr');
    expect(fr.cell('conversion_cold-warm', 0.4783)).toBe('47,8\u00a0%');
    expect(fr.cell('cost_per_client', 1250)).toBe('1\u202f250,00\u00a0€');
    expect(fr.cell('days_cold-warm_median', 3.25)).toBe('3,3');
    expect(fr.cell('lift', 2.5)).toBe('×2,5');
    expect(fr.cell('immature', true)).toBe('oui');
    expect(fr.cell('verdict', 'predicts buying')).toBe("prédit l'achat");
    expect(fr.cell('group', 'all')).toBe('Tous les contacts');
    expect(fr.cell('name', 'none')).toBe('Sans température');
    expect(fr.cell('revenue', null)).toBe('–');
  });

  it('leaves data alone: a channel named like a report word keeps its name', () => {
    const fr = reader('fr');
    expect(fr.cell('channel', 'field')).toBe('field');
    expect(fr.cell('kind', 'field')).toBe('Terrain');
    expect(fr.cell('group', 'google')).toBe('google');
  });
});
