import { useI18n } from '../../i18n/i18n.js';
import type { PowerDraft } from '../../segment-draft.js';

const START: PowerDraft = { measure: 'spend', trait: 'income', within: '365d', bands: [{ key: 'low', from: '', to: '100' }, { key: 'medium', from: '100', to: '500' }, { key: 'high', from: '500', to: '' }] };

/** The segment's own purchasing-power bands: from a declared income trait or from spend, each band from ≤ v < to. */
export function PowerBands({ power, onChange, readOnly }: { power: PowerDraft | null; onChange: (power: PowerDraft | null) => void; readOnly: boolean }) {
  const { t } = useI18n();
  if (!power)
    return (
      <p className="muted small">
        {t('segments.power.none')}{' '}
        {!readOnly && (
          <button type="button" className="link" onClick={() => onChange(START)}>
            {t('segments.power.define')}
          </button>
        )}
      </p>
    );
  const band = (i: number, field: 'key' | 'from' | 'to', value: string) => onChange({ ...power, bands: power.bands.map((b, j) => (j === i ? { ...b, [field]: value } : b)) });
  return (
    <fieldset className="power-bands" disabled={readOnly}>
      <legend className="visually-hidden">{t('segments.power')}</legend>
      <div className="filters">
        <label>
          {t('segments.power.measure')}
          <select value={power.measure} onChange={(e) => onChange({ ...power, measure: e.target.value as PowerDraft['measure'] })}>
            <option value="spend">{t('segments.power.spend')}</option>
            <option value="trait">{t('segments.power.trait')}</option>
          </select>
        </label>
        {power.measure === 'trait' ? (
          <label>
            {t('segments.power.traitName')}
            <input value={power.trait} onChange={(e) => onChange({ ...power, trait: e.target.value })} size={12} />
          </label>
        ) : (
          <label>
            {t('segments.f.within')}
            <input value={power.within} onChange={(e) => onChange({ ...power, within: e.target.value })} placeholder={t('segments.anyTime')} size={6} />
          </label>
        )}
      </div>
      <table className="bands">
        <caption className="visually-hidden">{t('segments.power')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('segments.power.band')}</th>
            <th scope="col">{t('segments.power.from')}</th>
            <th scope="col">{t('segments.power.to')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('segments.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {power.bands.map((b, i) => (
            <tr key={i}>
              <td>
                <input aria-label={t('segments.power.band')} value={b.key} onChange={(e) => band(i, 'key', e.target.value)} size={10} />
              </td>
              <td>
                <input aria-label={t('segments.power.fromOf', { key: b.key })} value={b.from} onChange={(e) => band(i, 'from', e.target.value)} size={8} />
              </td>
              <td>
                <input aria-label={t('segments.power.toOf', { key: b.key })} value={b.to} onChange={(e) => band(i, 'to', e.target.value)} size={8} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => onChange({ ...power, bands: power.bands.filter((_, j) => j !== i) })}>
                  {t('segments.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => onChange({ ...power, bands: [...power.bands, { key: '', from: '', to: '' }] })}>
          {t('segments.power.addBand')}
        </button>
        <button type="button" onClick={() => onChange(null)}>
          {t('segments.power.removeAll')}
        </button>
      </div>
    </fieldset>
  );
}
