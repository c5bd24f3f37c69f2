import { validateScenario, type Issue } from '@leadpulse/core';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { useSession } from '../../session.js';
import { useDebounced } from '../../use-debounced.js';
import { asApiError, useLoad } from '../../use-load.js';
import { FormMessage, type Message } from '../form-message.js';
import { IssueList, type PathIssue } from '../issue-list.js';

export type Migrate = 'by_step' | 'keep';

interface ScenarioJsonProps {
  readonly initial: unknown;
  /** A running scenario's enrolments move to the new version by step id, or stay on theirs: the user chooses. */
  readonly running: boolean;
  readonly save: (document: unknown, migrate: Migrate) => Promise<unknown>;
  readonly onSaved: (saved: unknown) => void;
  readonly submitLabel?: string;
}

/**
 * The whole scenario as JSON, for experts. Its issues are listed beside it by path: checked in the browser as the
 * text settles (core's validator, against the doctrine's stages and the stored templates), and by the server on save.
 */
export function ScenarioJson({ initial, running, save, onSaved, submitLabel }: ScenarioJsonProps) {
  const { api } = useSession();
  const { t, errorText } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  // The server's answer to the last save; null once the text changes again.
  const [saveIssues, setSaveIssues] = useState<readonly PathIssue[] | null>(null);
  const knowns = useLoad(() => Promise.all([api.stages(), api.listTemplates()]), [api]);
  const settled = useDebounced(text, 300);
  const liveIssues = useMemo(
    () => checkText(settled, knowns.status === 'ready' ? { stages: knowns.data[0].stages.map((s) => s.key), templates: new Set(knowns.data[1].templates.map((tp) => tp.key)) } : {}, t('doctrine.badJson')),
    [settled, knowns.status],
  );
  const issues = saveIssues ?? liveIssues;
  const setIssues = setSaveIssues;
  const [migrate, setMigrate] = useState<Migrate>('by_step');
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    setMessage(null);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (e) {
      setIssues([{ path: [], message: `${t('doctrine.badJson')} ${e instanceof Error ? e.message : ''}` }]);
      return;
    }
    setBusy(true);
    try {
      const saved = await save(document, migrate);
      setIssues([]);
      setMessage({ ok: true, text: t('scenarios.saved') });
      onSaved(saved);
    } catch (e) {
      const error = asApiError(e);
      setIssues(error.issues);
      setMessage({ ok: false, text: errorText(error.code, error.message) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="json-editor">
      <div>
        <label className="block">
          <span>{t('scenarios.jsonLabel')}</span>
          <textarea value={text} onChange={(e) => (setText(e.target.value), setSaveIssues(null), setMessage(null))} rows={28} spellCheck={false} aria-invalid={issues.length > 0} />
        </label>
        <div className="actions">
          {running && (
            <label>
              {t('scenarios.migrate')}
              <select value={migrate} onChange={(e) => setMigrate(e.target.value as Migrate)}>
                <option value="by_step">{t('scenarios.migrate.by_step')}</option>
                <option value="keep">{t('scenarios.migrate.keep')}</option>
              </select>
            </label>
          )}
          <button type="button" className="primary" onClick={() => void submit()} disabled={busy}>
            {submitLabel ?? t('scenarios.saveVersion')}
          </button>
        </div>
        <FormMessage message={message} />
      </div>
      <div>
        {issues.length === 0 ? <p className="muted small">{t('scenarios.jsonHint')} {t('campaign.jsonHint')}</p> : <IssueList issues={issues} title={t('scenarios.issues', { n: issues.length })} />}
      </div>
    </div>
  );
}

/** The text's problems: not JSON at all, or the validator's issues with their paths. */
function checkText(text: string, known: Parameters<typeof validateScenario>[1], badJson: string): readonly Issue[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    return [{ code: 'invalid_json', path: [], message: `${badJson} ${e instanceof Error ? e.message : ''}` }];
  }
  const checked = validateScenario(document, known);
  return checked.ok ? [] : checked.error;
}
