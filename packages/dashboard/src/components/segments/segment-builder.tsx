import type { ApiError, SegmentDocument } from '@leadpulse/contract/client';
import { formatPath } from '@leadpulse/core';
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { fromDefinition, nodeOfIssue, rowCount, toDefinition, updateNode, type DraftNode, type SegmentDraft } from '../../segment-draft.js';
import { useSession } from '../../session.js';
import { asApiError } from '../../use-load.js';
import { FormMessage, type Message } from '../form-message.js';
import { IssueList, type PathIssue } from '../issue-list.js';
import type { StageNames } from '../stage-names.js';
import { ConditionGroup } from './condition-tree.js';
import type { LeafChoices } from './leaf-fields.js';
import { LiveCount } from './live-count.js';
import { PowerBands } from './power-bands.js';

/**
 * The segment builder: name it, combine conditions in groups, define purchasing-power bands, or edit the JSON itself;
 * the live count follows every change, and the server's issues appear next to the row, group or field they name.
 */
export function SegmentBuilder({ initial, segmentId, choices, names, onSaved }: { initial: SegmentDraft; segmentId: string | null; choices: Omit<LeafChoices, 'bands'>; names: StageNames; onSaved: (doc: SegmentDocument) => void }) {
  const { api } = useSession();
  const { t, errorText } = useI18n();
  const [draft, setDraft] = useState(initial);
  // The JSON as typed while it differs from the form (mid-edit or not yet valid); null when it follows the form.
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [saveError, setSaveError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  const { definition, nodeAt } = useMemo(() => toDefinition(draft), [draft]);
  const body = JSON.stringify({ where: definition['where'], purchasingPower: definition['purchasingPower'] });
  const change = (next: (d: SegmentDraft) => SegmentDraft) => {
    setDraft(next);
    setJsonText(null);
    setJsonError(null);
    setSaveError(null);
  };
  const edit = (id: string, update: (node: DraftNode) => DraftNode | null) => change((d) => ({ ...d, root: updateNode(d.root, id, update) }));
  const onIssues = useCallback((error: ApiError | null) => setPreviewError(error), []);

  // Every issue the server named, placed on its node when its path points into `where`, else on a field, else listed.
  const issues: PathIssue[] = [...(previewError?.issues ?? []), ...(saveError?.issues ?? [])];
  const byNode = new Map<string, string[]>();
  const byField = new Map<string, string[]>();
  const elsewhere: PathIssue[] = [];
  for (const issue of issues) {
    const id = nodeOfIssue(issue.path, nodeAt);
    const field = String(issue.path?.[0] ?? '').split('.')[0] ?? '';
    if (id) byNode.set(id, [...(byNode.get(id) ?? []), `${formatPath(issue.path ?? [])}: ${issue.message}`]);
    else if (['key', 'name', 'description'].includes(field)) byField.set(field, [...(byField.get(field) ?? []), issue.message]);
    else elsewhere.push(issue);
  }
  if (saveError?.code === 'segment_key_taken') byField.set('key', [...(byField.get('key') ?? []), errorText(saveError.code, saveError.message)]);

  async function save() {
    setBusy(true);
    setMessage(null);
    setSaveError(null);
    try {
      const saved = segmentId ? await api.updateSegment(segmentId, definition) : await api.createSegment(definition);
      setMessage({ ok: true, text: t('segments.saved') });
      onSaved(saved);
    } catch (e) {
      const error = asApiError(e);
      setSaveError(error);
      setMessage({ ok: false, text: errorText(error.code, error.message) });
    } finally {
      setBusy(false);
    }
  }

  function typeJson(text: string) {
    setJsonText(text);
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('segments.jsonObject'));
      setDraft(fromDefinition(parsed));
      setJsonError(null);
      setSaveError(null);
    } catch (e) {
      setJsonError(e instanceof Error ? e.message : String(e));
    }
  }

  const field = (name: 'key' | 'name' | 'description', props: { placeholder?: string; disabled?: boolean } = {}) => (
    <label className={byField.has(name) ? 'has-issue' : undefined}>
      {t(`segments.field.${name}`)}
      <input value={draft[name]} onChange={(e) => change((d) => ({ ...d, [name]: e.target.value }))} aria-invalid={byField.has(name) || undefined} {...props} />
      {byField.get(name)?.map((text, i) => (
        <span key={i} className="field-issue" role="alert">
          {text}
        </span>
      ))}
    </label>
  );

  return (
    <div className="segment-builder">
      <div className="builder-form">
        <div className="grid-form">
          {field('name', { placeholder: t('segments.namePlaceholder') })}
          {field('key', { placeholder: 'warm-lyon-30-45', disabled: segmentId !== null })}
          {field('description')}
        </div>
        <ConditionGroup group={draft.root} edit={edit} issues={byNode} choices={{ ...choices, bands: draft.power?.bands.map((b) => b.key).filter(Boolean) ?? [] }} />
        <h2>{t('segments.power')}</h2>
        <PowerBands power={draft.power} onChange={(power) => change((d) => ({ ...d, power }))} readOnly={false} />
        <IssueList issues={elsewhere} title={t('segments.issues')} />
        <div className="actions">
          <button type="button" className="primary" onClick={() => void save()} disabled={busy || jsonError !== null}>
            {t(segmentId ? 'segments.saveVersion' : 'segments.save')}
          </button>
        </div>
        <FormMessage message={message} />
        <details className="json-view">
          <summary>{t('segments.json')}</summary>
          <p className="muted small">{t('segments.jsonHint')}</p>
          <textarea rows={14} spellCheck={false} aria-label={t('segments.json')} value={jsonText ?? JSON.stringify(definition, null, 2)} onChange={(e) => typeJson(e.target.value)} aria-invalid={jsonError !== null || undefined} />
          {jsonError && (
            <p className="form-error" role="alert">
              {t('segments.jsonInvalid', { message: jsonError })}
            </p>
          )}
        </details>
      </div>
      <LiveCount body={body} empty={rowCount(draft.root) === 0} names={names} onIssues={onIssues} />
    </div>
  );
}
