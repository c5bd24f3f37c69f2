import type { DoctrinePreviewDocument } from '@leadpulse/contract/client';
import { SIGNALS } from '@leadpulse/core';
import { useEffect, useState } from 'react';
import { ErrorBox, Loading } from '../components/states.js';
import { AddStage } from '../components/doctrine/add-stage.js';
import { DoctrineAdvice } from '../components/doctrine/doctrine-advice.js';
import { FollowUps } from '../components/doctrine/follow-ups.js';
import { LabelInputs } from '../components/doctrine/label-inputs.js';
import { PointsForm } from '../components/doctrine/points-form.js';
import { SendingPolicyForm } from '../components/doctrine/sending-policy.js';
import { StageForm } from '../components/doctrine/stage-form.js';
import { addStage, getAt, moveStage, removeStage, setAt, signalsIn, type Json, type Path } from '../doctrine-draft.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';

/** Edit the doctrine in a form (or as JSON), switch presets, preview who would move, save a new version. */
export default function Doctrine() {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const describe = useErrorText();
  const data = useLoad(() => Promise.all([api.doctrine.get(), api.doctrine.versions(), api.doctrine.presets()]), [api]);
  const [draft, setDraft] = useState<Json | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const [preview, setPreview] = useState<DoctrinePreviewDocument | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
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
  const stageKeys = stages.map((s) => String(getAt(s, ['key'])));
  const fallbackKey = String(getAt(draft, ['fallback', 'key']) ?? '');
  // The preview names stages as the draft labels them, the fallback included.
  const labelOf = (key: string) => String(getAt(draft, key === fallbackKey ? ['fallback', 'labels', lang] : ['stages', stageKeys.indexOf(key), 'labels', lang]) ?? key);
  const signals = [...new Set([...SIGNALS, ...signalsIn(draft, ...Object.values(presets.presets as Record<string, Json>))])];
  const listField = (field: 'offerPages' | 'microConversions') => ((getAt(draft, [field]) as string[] | undefined) ?? []).join(', ');
  const editList = (field: 'offerPages' | 'microConversions', text: string) => edit([field], text.split(',').map((v) => v.trim()).filter((v) => v !== ''));
  const change = (next: (d: Json) => Json) => {
    setDraft((d) => next(d!));
    setPreview(null);
  };

  const failed = (e: unknown) => {
    const error = asApiError(e);
    setMessage({ ok: false, text: describe(error) });
  };
  async function runPreview(doctrine: Json = draft!): Promise<boolean> {
    setBusy(true);
    setMessage(null);
    try {
      setPreview(await api.doctrine.preview(doctrine));
      return true;
    } catch (e) {
      failed(e);
      return false;
    } finally {
      setBusy(false);
    }
  }
  // An adviser's proposal goes through the same preview and save as an edit made by hand.
  async function applyProposal(doctrine: Json) {
    setDraft(doctrine);
    setJson(null);
    setPreview(null);
    if (!(await runPreview(doctrine))) return;
    setMessage({ ok: true, text: t('advice.applied') });
    // After React has drawn the movers.
    setTimeout(() => document.getElementById('movers')?.scrollIntoView({ block: 'start' }), 0);
  }
  async function save() {
    setBusy(true);
    try {
      const saved = await api.doctrine.save(draft, note.trim() || undefined);
      setNote('');
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
          <p className="muted">{t('doctrine.precedenceHint')}</p>
          {stages.map((_, i) => (
            <StageForm
              key={`${stageKeys[i]}-${i}`}
              draft={draft}
              index={i}
              count={stages.length}
              signals={signals}
              edit={edit}
              change={change}
              move={(delta) => change((d) => moveStage(d, i, delta))}
              remove={() => change((d) => removeStage(d, i))}
            />
          ))}
          <fieldset className="stage-form">
            <legend>
              {labelOf(fallbackKey)} <code className="muted small">{fallbackKey}</code>
            </legend>
            <p className="muted small">{t('doctrine.fallbackHint')}</p>
            <div className="grid-form">
              <LabelInputs draft={draft} path={['fallback', 'labels']} edit={edit} />
            </div>
          </fieldset>
          <AddStage taken={[...stageKeys, fallbackKey]} onAdd={(stage) => change((d) => addStage(d, stage))} />
          <PointsForm draft={draft} edit={edit} signals={signals} />
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
            {t('doctrine.offerPages')}
            <input value={listField('offerPages')} onChange={(e) => editList('offerPages', e.target.value)} placeholder="/tarifs*, /offre*" />
          </label>
          <label>
            {t('doctrine.microConversions')}
            <input value={listField('microConversions')} onChange={(e) => editList('microConversions', e.target.value)} placeholder="Form Submitted, Trial Started" />
          </label>
          <label>
            {t('doctrine.halfLife')}
            <input value={String(getAt(draft, ['points', 'halfLife']) ?? '')} onChange={(e) => edit(['points', 'halfLife'], e.target.value)} />
          </label>
        </div>
      </section>
      <SendingPolicyForm draft={draft} edit={edit} />
      <div className="actions">
        <label>
          {t('doctrine.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('doctrine.noteHint')} size={32} />
        </label>
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
                  <td>{labelOf(m.from)}</td>
                  <td>{labelOf(m.to)}</td>
                  <td className="num">{f.number(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <DoctrineAdvice labelOf={labelOf} busy={busy} onApply={(doctrine) => void applyProposal(doctrine as Json)} />
      <FollowUps stages={stageKeys.map((key, i) => ({ key, label: labelOf(key), caps: getAt(stages[i]!, ['followUp', 'caps']) }))} />
      <section aria-labelledby="versions">
        <h2 id="versions">{t('doctrine.versions')}</h2>
        <ol className="versions">
          {versions.versions.map((v) => (
            <li key={v.version}>
              v{v.version} · {f.dateTime(v.createdAt)} {v.active && <strong>· {t('doctrine.current')}</strong>} {v.note && <span className="muted">· {v.note}</span>}{' '}
              {!v.active && (
                <button type="button" className="link" onClick={() => (setDraft(v.doctrine as Json), setPreview(null), setMessage({ ok: true, text: t('doctrine.loadedVersion', { version: v.version }) }))}>
                  {t('doctrine.loadVersion')}
                </button>
              )}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
