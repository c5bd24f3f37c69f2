import { CAPPED_CHANNELS, WEEKDAYS, type Weekday } from '@leadpulse/core';
import { getAt, type Json, type Path } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';
import { durationWords } from '../../scenario-words.js';
import { useWords } from '../scenarios/use-words.js';

type Edit = (path: Path, value: Json) => void;
// Setting a path to undefined drops the key when the draft is saved as JSON: the field is then absent, not empty.
const NONE = undefined as unknown as Json;
const text = (value: Json | undefined) => (typeof value === 'string' ? value : '');

/** A cap per channel (messages within a duration) at `path`: the sending policy's `caps`, or a stage's `followUp.caps`. */
export function ChannelCapInputs({ draft, path, edit }: { draft: Json; path: Path; edit: Edit }) {
  const { t } = useI18n();
  return (
    <>
      {CAPPED_CHANNELS.map((channel) => {
        const cap = getAt(draft, [...path, channel]) as Record<string, Json> | undefined;
        const messages = typeof cap?.['messages'] === 'number' ? cap['messages'] : undefined;
        const within = text(cap?.['within']);
        return (
          <div key={channel} className="cap-inputs">
            <label>
              {t('sending.messages', { channel: t(`channel.${channel}`) })}
              <input
                type="number"
                min="0"
                value={messages ?? ''}
                onChange={(e) => edit([...path, channel], e.target.value === '' ? NONE : { messages: Number(e.target.value), within: within || '30d' })}
              />
            </label>
            <label>
              {t('sending.within')}
              <input value={within} disabled={messages === undefined} onChange={(e) => edit([...path, channel, 'within'], e.target.value)} pattern="\d+[smhdwy]" placeholder="30d" />
            </label>
          </div>
        );
      })}
    </>
  );
}

/** A stage's caps per channel in words, for the per-stage follow-up table. */
export function StageCapsText({ caps }: { caps: Json | undefined }) {
  const { t, f } = useI18n();
  const words = useWords();
  const parts = CAPPED_CHANNELS.flatMap((channel) => {
    const cap = getAt(caps ?? null, [channel]) as Record<string, Json> | undefined;
    if (typeof cap?.['messages'] !== 'number') return [];
    return [t('sending.capText', { channel: t(`channel.${channel}`), messages: f.number(cap['messages']), within: durationWords(words, text(cap['within'])) })];
  });
  return <span className="muted small">{parts.length > 0 ? parts.join(' · ') : t('sending.noStageCaps')}</span>;
}

/** The per-stage caps inside a stage's form. */
export function StageCaps({ draft, base, edit }: { draft: Json; base: Path; edit: Edit }) {
  const { t } = useI18n();
  return (
    <details className="stage-caps">
      <summary>{t('sending.stageCaps')}</summary>
      <p className="muted small">{t('sending.stageCapsHint')}</p>
      <div className="grid-form">
        <ChannelCapInputs draft={draft} path={[...base, 'followUp', 'caps']} edit={edit} />
      </div>
    </details>
  );
}

/** The doctrine's sending policy: caps per channel, quiet hours, the send window and the default time zone. */
export function SendingPolicyForm({ draft, edit }: { draft: Json; edit: Edit }) {
  const { t } = useI18n();
  const base: Path = ['sending'];
  const range = (key: 'quietHours' | 'sendWindow', end: 'from' | 'to', value: string) => {
    const current = (getAt(draft, [...base, key]) as Record<string, Json> | undefined) ?? {};
    const next: Record<string, Json> = { ...current, [end]: value === '' ? NONE : value };
    const empty = Object.values(next).every((v) => v === undefined);
    edit([...base, key], empty ? NONE : next);
  };
  const days = getAt(draft, [...base, 'sendWindow', 'days']);
  const ticked = new Set<Weekday>(Array.isArray(days) ? (days as Weekday[]) : []);
  const toggle = (day: Weekday, on: boolean) => {
    const next = WEEKDAYS.filter((d) => (d === day ? on : ticked.has(d)));
    // None or all seven: every day, which the policy says by leaving days out.
    const value: Json = next.length === 0 || next.length === WEEKDAYS.length ? NONE : [...next];
    const current = (getAt(draft, [...base, 'sendWindow']) as Record<string, Json> | undefined) ?? {};
    const window = { ...current, days: value };
    edit([...base, 'sendWindow'], Object.values(window).every((v) => v === undefined) ? NONE : window);
  };
  return (
    <section aria-labelledby="sending">
      <h2 id="sending">{t('sending.title')}</h2>
      <p className="muted">{t('sending.intro')}</p>
      <fieldset>
        <legend>{t('sending.caps')}</legend>
        <p className="muted small">{t('sending.capsHint')}</p>
        <div className="grid-form">
          <ChannelCapInputs draft={draft} path={[...base, 'caps']} edit={edit} />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('sending.quietHours')}</legend>
        <p className="muted small">{t('sending.quietHint')}</p>
        <div className="grid-form">
          {(['from', 'to'] as const).map((end) => (
            <label key={end}>
              {t(`sending.${end}`)}
              <input type="time" value={text(getAt(draft, [...base, 'quietHours', end]))} onChange={(e) => range('quietHours', end, e.target.value)} />
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('sending.window')}</legend>
        <p className="muted small">{t('sending.windowHint')}</p>
        <div role="group" aria-label={t('sending.days')} className="weekdays">
          {WEEKDAYS.map((day) => (
            <label key={day} className="inline">
              <input type="checkbox" checked={ticked.has(day)} onChange={(e) => toggle(day, e.target.checked)} /> {t(`sending.day.${day}`)}
            </label>
          ))}
        </div>
        <div className="grid-form">
          {(['from', 'to'] as const).map((end) => (
            <label key={end}>
              {t(`sending.${end}`)}
              <input type="time" value={text(getAt(draft, [...base, 'sendWindow', end]))} onChange={(e) => range('sendWindow', end, e.target.value)} />
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('sending.defaultTimeZone')}</legend>
        <p className="muted small">{t('sending.zoneHint')}</p>
        <div className="grid-form">
          <label>
            {t('sending.defaultTimeZone')}
            <input value={text(getAt(draft, [...base, 'defaultTimeZone']))} onChange={(e) => edit([...base, 'defaultTimeZone'], e.target.value.trim() === '' ? NONE : e.target.value.trim())} placeholder="Europe/Paris" />
          </label>
        </div>
      </fieldset>
    </section>
  );
}
