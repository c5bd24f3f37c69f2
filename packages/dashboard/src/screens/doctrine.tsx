import type { DoctrinePreviewDocument } from '@leadpulse/contract/client';
import { useEffect, useState } from 'react';
import { ErrorBox, Loading } from '../components/states.js';
import { addCondition, conditionLeaves, describeCondition, getAt, removeAt, setAt, signalsIn, type Json, type Path } from '../doctrine-draft.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';

/** Edit the doctrine in a form (or as JSON), switch presets, preview who would move, save a new version. */
export default function Doctrine() {
  const { api } = useSession();
  const { t, f } = useI18n();
  const describe = useErrorText();
  const data = useLoad(() => Promise.all([api.doctrine.get(), api.doctrine.versions(), api.doctrine.presets()]), [api]);
  const [draft, setDraft] = useState<Json | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const [preview, setPreview] = useState<DoctrinePreviewDocument | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // A freshly loaded (or saved) version resets the draft; edits in between stay.
  const loaded = data.status === 'ready' ? data.data[0] : null;
  useEffect(() => {
    if (loaded) setDraft(loaded.doctrine as Json);
  }, [loaded]);

  if (data.status === 'loading' || draft === null) return data.status === 'error' ? <ErrorBox error={data.error} onRetry={data.reload} /> : <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [active, versions, presets] = data.data;
  const edit = (path: Path, value: Json) => {
    setDraft((d) => setAt(d!, path, value));
    setPreview(null);
  };
  const stages = (getAt(draft, ['stages']) as Json[] | undefined) ?? [];
  const change = (next: (d: Json) => Json) => {
    setDraft((d) => next(d!));
    setPreview(null);
  };

  const failed = (e: unknown) => {
    const error = asApiError(e);
    setMessage({ ok: false, text: describe(error) });
  };
  async function runPreview() {
    setBusy(true);
    setMessage(null);
    try {
      setPreview(await api.doctrine.preview(draft));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }
  async function save() {
    setBusy(true);
    try {
      const saved = await api.doctrine.save(draft);
      setMessage({ ok: true, text: t('doctrine.saved', { version: saved.version.version, changed: f.number(saved.report.changed) }) });
      setPreview(null);
      data.reload();
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('doctrine.title')}</h1>
      <p className="muted">{t('doctrine.active', { version: active.version, date: f.dateTime(active.createdAt) })}</p>
      <div className="filters">
        <label>
          {t('doctrine.preset')}
          <select value="" onChange={(e) => e.target.value && (setDraft(presets.presets[e.target.value] as Json), setPreview(null))}>
            <option value="">{t('doctrine.choosePreset')}</option>
            {Object.keys(presets.presets).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setJson(json === null ? JSON.stringify(draft, null, 2) : null)} aria-expanded={json !== null}>
          {json === null ? t('doctrine.showJson') : t('doctrine.showForm')}
        </button>
      </div>
      {json !== null ? (
        <section aria-labelledby="json-view">
          <h2 id="json-view">{t('doctrine.json')}</h2>
          <label className="block">
            <span className="visually-hidden">{t('doctrine.json')}</span>
            <textarea value={json} onChange={(e) => setJson(e.target.value)} rows={24} spellCheck={false} />
          </label>
          <button type="button" onClick={() => { try { setDraft(JSON.parse(json) as Json); setPreview(null); setMessage(null); } catch { setMessage({ ok: false, text: t('doctrine.badJson') }); } }}>
            {t('doctrine.applyJson')}
          </button>
        </section>
      ) : (
        <>
          {stages.map((_, i) => (
            <StageForm key={i} draft={draft} index={i} edit={edit} change={change} signals={signalsIn(draft, ...Object.values(presets.presets as Record<string, Json>))} />
          ))}
          <PointsForm draft={draft} edit={edit} />
        </>
      )}
      <section aria-labelledby="timing">
        <h2 id="timing">{t('doctrine.timing')}</h2>
        <div className="grid-form">
          {(['cartAbandonAfter', 'sessionGap'] as const).map((key) => (
            <label key={key}>
              {t(`doctrine.${key}`)}
              <input value={String(getAt(draft, [key]) ?? '')} onChange={(e) => edit([key], e.target.value)} />
            </label>
          ))}
          <label>
            {t('doctrine.halfLife')}
            <input value={String(getAt(draft, ['points', 'halfLife']) ?? '')} onChange={(e) => edit(['points', 'halfLife'], e.target.value)} />
          </label>
        </div>
      </section>
      <div className="actions">
        <button type="button" onClick={() => void runPreview()} disabled={busy}>
          {t('doctrine.preview')}
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={busy || preview === null}>
          {t('doctrine.save')}
        </button>
      </div>
      <FormMessage message={message} />
      {preview && (
        <section aria-labelledby="movers">
          <h2 id="movers">{t('doctrine.movers', { moved: f.number(preview.moved), contacts: f.number(preview.contacts) })}</h2>
          <table>
            <caption className="visually-hidden">{t('doctrine.movers', { moved: f.number(preview.moved), contacts: f.number(preview.contacts) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('doctrine.from')}</th>
                <th scope="col">{t('doctrine.to')}</th>
                <th scope="col" className="num">{t('doctrine.count')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.moves.map((m) => (
                <tr key={`${m.from}>${m.to}`}>
                  <td>{m.from}</td>
                  <td>{m.to}</td>
                  <td className="num">{f.number(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section aria-labelledby="versions">
        <h2 id="versions">{t('doctrine.versions')}</h2>
        <ol className="versions">
          {versions.versions.map((v) => (
            <li key={v.version}>
              v{v.version} · {f.dateTime(v.createdAt)} {v.active && <strong>· {t('doctrine.current')}</strong>} {v.note && <span className="muted">· {v.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function StageForm({ draft, index, edit, change, signals }: { draft: Json; index: number; edit: (path: Path, value: Json) => void; change: (next: (d: Json) => Json) => void; signals: readonly string[] }) {
  const { t } = useI18n();
  const base: Path = ['stages', index];
  const key = String(getAt(draft, [...base, 'key']));
  const leaves = conditionLeaves(getAt(draft, [...base, 'when']), [...base, 'when']);
  const [signal, setSignal] = useState(signals[0] ?? 'pageViews');
  return (
    <fieldset className="stage-form">
      <legend>{key}</legend>
      <div className="grid-form">
        {(['en', 'fr'] as const).map((lang) => (
          <label key={lang}>
            {t(lang === 'en' ? 'doctrine.labelEn' : 'doctrine.labelFr')}
            <input value={String(getAt(draft, [...base, 'labels', lang]) ?? '')} onChange={(e) => edit([...base, 'labels', lang], e.target.value)} />
          </label>
        ))}
      </div>
      <ul className="conditions">
        {leaves.map(({ path, condition }) => (
          <li key={path.join('.')}>
            <span className="condition-name">{describeCondition(condition)}</span>
            {typeof condition['atLeast'] === 'number' && (
              <label>
                {t('doctrine.atLeast')}
                <input type="number" min="0" value={condition['atLeast']} onChange={(e) => edit([...path, 'atLeast'], Number(e.target.value))} />
              </label>
            )}
            {typeof condition['within'] === 'string' && (
              <label>
                {t('doctrine.within')}
                <input value={condition['within']} onChange={(e) => edit([...path, 'within'], e.target.value)} pattern="\d+[smhdw]" />
              </label>
            )}
            {typeof path[path.length - 1] === 'number' && leaves.length > 1 && (
              <button type="button" className="link" onClick={() => change((d) => removeAt(d, path))} aria-label={t('doctrine.removeCondition', { name: describeCondition(condition), stage: key })}>
                {t('doctrine.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="add-condition">
        <label>
          {t('doctrine.newCondition')}
          <select value={signal} onChange={(e) => setSignal(e.target.value)}>
            {signals.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => change((d) => addCondition(d, [...base, 'when'], { signal, atLeast: 1, within: '30d' }))}>
          {t('doctrine.addCondition')}
        </button>
      </div>
    </fieldset>
  );
}

/** Points per signal, with their caps: what the score adds up, before decay. */
function PointsForm({ draft, edit }: { draft: Json; edit: (path: Path, value: Json) => void }) {
  const { t } = useI18n();
  const rules = (getAt(draft, ['points', 'rules']) as Json[] | undefined) ?? [];
  return (
    <fieldset className="stage-form">
      <legend>{t('doctrine.points')}</legend>
      <ul className="conditions">
        {rules.map((rule, i) => {
          const r = rule as Record<string, Json>;
          const name = String(r['id'] ?? r['signal'] ?? i);
          return (
            <li key={name}>
              <span className="condition-name">{name}</span>
              <label>
                {t('doctrine.pointsEach')}
                <input type="number" step="0.5" value={Number(r['points'] ?? 0)} onChange={(e) => edit(['points', 'rules', i, 'points'], Number(e.target.value))} />
              </label>
              <label>
                {t('doctrine.cap')}
                <input type="number" min="0" value={r['cap'] === undefined ? '' : Number(r['cap'])} onChange={(e) => edit(['points', 'rules', i, 'cap'], e.target.value === '' ? (undefined as unknown as Json) : Number(e.target.value))} />
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
