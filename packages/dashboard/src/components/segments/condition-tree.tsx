import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { blankGroup, blankRow, LEAF_KINDS, type DraftNode, type GroupNode, type LeafKind, type RowNode } from '../../segment-draft.js';
import { LeafFields, type LeafChoices } from './leaf-fields.js';

export type EditNode = (id: string, change: (node: DraftNode) => DraftNode | null) => void;
export type NodeIssues = ReadonlyMap<string, readonly string[]>;

/** The API's problems with one node, right under it. */
function NodeProblems({ id, issues }: { id: string; issues: NodeIssues }) {
  const list = issues.get(id);
  if (!list?.length) return null;
  return (
    <ul className="node-issues" role="alert">
      {list.map((text, i) => (
        <li key={i}>{text}</li>
      ))}
    </ul>
  );
}

function Row({ row, edit, issues, choices, depth }: { row: RowNode; edit: EditNode; issues: NodeIssues; choices: LeafChoices; depth: number }) {
  const { t } = useI18n();
  const name = t(`segments.kind.${row.kind}` as MessageKey);
  const set = (field: string, value: string) => edit(row.id, (n) => (n.type === 'row' ? { ...n, fields: { ...n.fields, [field]: value } } : n));
  return (
    <li className={`condition-row${issues.has(row.id) ? ' has-issue' : ''}`} data-depth={depth}>
      <div className="row-fields" role="group" aria-label={t('segments.conditionNamed', { kind: name })}>
        <span className="row-kind">{name}</span>
        <LeafFields row={row} set={set} choices={choices} />
        <button type="button" className="link remove" onClick={() => edit(row.id, () => null)} aria-label={t('segments.removeCondition', { kind: name })}>
          {t('segments.remove')}
        </button>
      </div>
      <NodeProblems id={row.id} issues={issues} />
    </li>
  );
}

/** Picks a kind of condition and adds it to the group. */
function AddToGroup({ group, edit }: { group: GroupNode; edit: EditNode }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<LeafKind>('stage');
  const add = (node: DraftNode) => edit(group.id, (g) => (g.type === 'group' ? { ...g, children: [...g.children, node] } : g));
  return (
    <div className="add-condition">
      <label>
        {t('segments.newCondition')}
        <select value={kind} onChange={(e) => setKind(e.target.value as LeafKind)}>
          {LEAF_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`segments.kind.${k}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => add(blankRow(kind))}>
        {t('segments.addCondition')}
      </button>
      <button type="button" onClick={() => add(blankGroup(group.combine === 'all' ? 'any' : 'all'))}>
        {t('segments.addGroup')}
      </button>
    </div>
  );
}

/** A group of conditions: all or any of them, or none of them when negated; groups nest. */
export function ConditionGroup({ group, edit, issues, choices, depth = 0, readOnly = false }: { group: GroupNode; edit: EditNode; issues: NodeIssues; choices: LeafChoices; depth?: number; readOnly?: boolean }) {
  const { t } = useI18n();
  const label = t(depth === 0 ? 'segments.conditions' : 'segments.groupNamed', { n: depth });
  return (
    <fieldset className={`condition-group${group.negated ? ' negated' : ''}`} disabled={readOnly} aria-label={label}>
      <legend className="group-head">
        <label>
          <span className="visually-hidden">{t('segments.combine')}</span>
          <select aria-label={t('segments.combine')} value={group.combine} onChange={(e) => edit(group.id, (g) => (g.type === 'group' ? { ...g, combine: e.target.value as 'all' | 'any' } : g))}>
            <option value="all">{t('segments.combine.all')}</option>
            <option value="any">{t('segments.combine.any')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={group.negated} onChange={(e) => edit(group.id, (g) => (g.type === 'group' ? { ...g, negated: e.target.checked } : g))} /> {t('segments.negate')}
        </label>
        {depth > 0 && (
          <button type="button" className="link remove" onClick={() => edit(group.id, () => null)}>
            {t('segments.removeGroup')}
          </button>
        )}
      </legend>
      <NodeProblems id={group.id} issues={issues} />
      {group.children.length === 0 && <p className="muted small">{t(depth === 0 ? 'segments.everyone' : 'segments.emptyGroup')}</p>}
      <ul className="conditions">
        {group.children.map((child) =>
          child.type === 'row' ? (
            <Row key={child.id} row={child} edit={edit} issues={issues} choices={choices} depth={depth} />
          ) : (
            <li key={child.id}>
              <ConditionGroup group={child} edit={edit} issues={issues} choices={choices} depth={depth + 1} readOnly={readOnly} />
            </li>
          ),
        )}
      </ul>
      {!readOnly && <AddToGroup group={group} edit={edit} />}
    </fieldset>
  );
}
