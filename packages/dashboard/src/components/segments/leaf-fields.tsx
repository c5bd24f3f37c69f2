import { AGE_BANDS, CHANNELS, CONSENT_PURPOSES, GENDERS, SEGMENT_TRAIT_OPS, SIGNALS } from '@leadpulse/core';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import type { RowNode } from '../../segment-draft.js';

/** What the rows offer to pick from: the doctrine's stages, the other segments, the scenarios and the segment's own bands. */
export interface LeafChoices {
  readonly stages: readonly { key: string; label: string }[];
  readonly segments: readonly { key: string; name: string }[];
  readonly scenarios: readonly { key: string; name: string }[];
  readonly bands: readonly string[];
}

type SetField = (name: string, value: string) => void;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const NO_VALUE_OPS = new Set(['exists', 'missing', 'isTrue', 'isFalse']);

/** The inputs of one condition row, by kind; every input is labelled in the reader's language. */
export function LeafFields({ row, set, choices }: { row: RowNode; set: SetField; choices: LeafChoices }) {
  const { t, lang } = useI18n();
  const f = row.fields;
  const text = (name: string, label: MessageKey, props: { placeholder?: string; size?: number; type?: string } = {}) => (
    <label key={name}>
      {t(label)}
      <input value={f[name] ?? ''} onChange={(e) => set(name, e.target.value)} size={props.size ?? 10} placeholder={props.placeholder} type={props.type} />
    </label>
  );
  const select = (name: string, label: MessageKey, offered: readonly { value: string; label: string }[]) => {
    // A value the lists no longer offer (a deleted segment, say) stays visible rather than silently changing.
    const current = f[name] ?? '';
    const options = offered.some((o) => o.value === current) ? offered : [...offered, { value: current, label: current }];
    return (
    <label key={name}>
      {t(label)}
      <select value={current} onChange={(e) => set(name, e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
    );
  };
  // A multiple choice kept as the comma-separated list the row sends.
  const checks = (name: string, label: MessageKey, options: readonly { value: string; label: string }[]) => {
    const chosen = new Set((f[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
    const toggle = (value: string) => {
      if (chosen.has(value)) chosen.delete(value);
      else chosen.add(value);
      set(name, options.map((o) => o.value).filter((v) => chosen.has(v)).join(', '));
    };
    return (
      <fieldset key={name} className="checks">
        <legend>{t(label)}</legend>
        {options.length === 0 && <span className="muted small">{t('segments.nothingToPick')}</span>}
        {options.map((o) => (
          <label key={o.value} className="check">
            <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} /> {o.label}
          </label>
        ))}
      </fieldset>
    );
  };
  const words = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }));
  const plain = (values: readonly string[]) => values.map((value) => ({ value, label: value }));
  const stages = choices.stages.map((s) => ({ value: s.key, label: s.label }));
  const dayName = (day: number) => new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, day)));
  const listHint = t('segments.listHint');
  const windowField = () => text('within', 'segments.f.within', { placeholder: t('segments.anyTime'), size: 6 });

  switch (row.kind) {
    case 'trait':
      return (
        <>
          {text('name', 'segments.f.trait', { placeholder: 'income' })}
          {select('op', 'segments.f.op', words('segments.op', SEGMENT_TRAIT_OPS))}
          {!NO_VALUE_OPS.has(f['op'] ?? '') && text('value', 'segments.f.value', { placeholder: f['op'] === 'between' ? '30000, 45000' : f['op'] === 'in' || f['op'] === 'notIn' ? listHint : f['op'] === 'within' || f['op'] === 'before' ? '365d' : '', size: 14 })}
        </>
      );
    case 'age':
    case 'score':
      return (
        <>
          {text('atLeast', 'segments.f.atLeast', { type: 'text', size: 5 })}
          {text('atMost', 'segments.f.atMost', { size: 5 })}
        </>
      );
    case 'ageBand':
      return checks('values', 'segments.f.ageBands', plain(AGE_BANDS));
    case 'gender':
      return checks('values', 'segments.f.genders', words('segments.gender', GENDERS));
    case 'household':
      return (
        <>
          {text('sizeAtLeast', 'segments.f.sizeAtLeast', { size: 4 })}
          {text('sizeAtMost', 'segments.f.sizeAtMost', { size: 4 })}
          {select('children', 'segments.f.children', words('segments.children', ['', 'yes', 'no']).map((o) => (o.value === '' ? { value: '', label: t('segments.children.any') } : o)))}
        </>
      );
    case 'geo':
      return (
        <>
          {text('country', 'segments.f.country', { placeholder: 'FR, BE', size: 8 })}
          {text('region', 'segments.f.region', { placeholder: listHint })}
          {text('city', 'segments.f.city', { placeholder: 'Lyon, Villeurbanne', size: 14 })}
          {text('postalCodePrefix', 'segments.f.postalCodePrefix', { placeholder: '69, 38', size: 8 })}
        </>
      );
    case 'near':
      return (
        <>
          {text('latitude', 'segments.f.latitude', { placeholder: '45.76', size: 7 })}
          {text('longitude', 'segments.f.longitude', { placeholder: '4.84', size: 7 })}
          {text('withinKm', 'segments.f.withinKm', { placeholder: '20', size: 5 })}
        </>
      );
    case 'purchasingPower':
      return checks('values', 'segments.f.bands', plain(choices.bands));
    case 'spend':
      return (
        <>
          {text('atLeast', 'segments.f.atLeast', { size: 7 })}
          {text('atMost', 'segments.f.atMost', { size: 7 })}
          {windowField()}
        </>
      );
    case 'lastSeen':
      return (
        <>
          {select('mode', 'segments.f.lastSeen', words('segments.lastSeen', ['within', 'before']))}
          {text('duration', 'segments.f.duration', { placeholder: '30d', size: 6 })}
        </>
      );
    case 'preferredChannel':
      return checks('values', 'segments.f.channels', words('segments.channel', CHANNELS));
    case 'activeAt':
      return (
        <>
          {text('hoursFrom', 'segments.f.hoursFrom', { placeholder: '18', size: 3 })}
          {text('hoursTo', 'segments.f.hoursTo', { placeholder: '23', size: 3 })}
          {checks('weekdays', 'segments.f.weekdays', WEEKDAYS.map((d) => ({ value: String(d), label: dayName(d) })))}
          {text('share', 'segments.f.share', { placeholder: '0.5', size: 4 })}
        </>
      );
    case 'product':
      return (
        <>
          {select('mode', 'segments.f.productMode', words('segments.product', ['viewed', 'bought']))}
          {text('values', 'segments.f.products', { placeholder: 'sku-12, shoes', size: 16 })}
          {windowField()}
        </>
      );
    case 'page':
      return (
        <>
          {text('page', 'segments.f.page', { placeholder: '/pricing', size: 14 })}
          {text('atLeast', 'segments.f.times', { size: 4 })}
        </>
      );
    case 'signal':
    case 'event':
      return (
        <>
          {row.kind === 'signal' ? select('name', 'segments.f.signal', plain(SIGNALS)) : text('name', 'segments.f.event', { placeholder: 'Webinar Attended', size: 16 })}
          {text('atLeast', 'segments.f.atLeast', { size: 4 })}
          {text('atMost', 'segments.f.atMost', { size: 4 })}
          {windowField()}
          {row.kind === 'event' && text('where', 'segments.f.where', { placeholder: '{"topic":"pricing"}', size: 16 })}
        </>
      );
    case 'stage':
      return checks('values', 'segments.f.stages', stages);
    case 'stageWas':
      return (
        <>
          {select('stage', 'segments.f.stage', [{ value: '', label: '—' }, ...stages])}
          {text('within', 'segments.f.within', { placeholder: '30d', size: 6 })}
        </>
      );
    case 'consent':
      return (
        <>
          {select('purpose', 'segments.f.purpose', words('consent.purpose', CONSENT_PURPOSES))}
          {select('granted', 'segments.f.answer', words('segments.consent', ['yes', 'no']))}
        </>
      );
    case 'scenario':
      return (
        <>
          {select('key', 'segments.f.scenario', [{ value: '', label: '—' }, ...choices.scenarios.map((s) => ({ value: s.key, label: s.name }))])}
          <label className="check">
            <input type="checkbox" checked={f['ever'] === 'yes'} onChange={(e) => set('ever', e.target.checked ? 'yes' : '')} /> {t('segments.f.ever')}
          </label>
        </>
      );
    case 'segment':
      return select('key', 'segments.f.segment', [{ value: '', label: '—' }, ...choices.segments.map((s) => ({ value: s.key, label: s.name }))]);
    case 'json':
      return (
        <label className="wide">
          {t('segments.f.json')}
          <textarea rows={2} value={f['text'] ?? ''} onChange={(e) => set('text', e.target.value)} spellCheck={false} />
        </label>
      );
  }
}
