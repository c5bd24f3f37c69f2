import { formatPath } from '@leadpulse/core';
import { useI18n } from '../i18n/i18n.js';

export interface PathIssue {
  readonly path?: readonly (string | number)[];
  readonly message: string;
}

/**
 * Where a template issue sits: `['body', 3, 7]` in its path (line 3, column 7), or "line 3, column 7" in its
 * message (Liquid's and MJML's own wording).
 */
export function issuePlace(issue: PathIssue): { field: string; line: number | null; column: number | null } {
  const path = issue.path ?? [];
  const field = typeof path[0] === 'string' ? path[0] : '';
  if (typeof path[1] === 'number') return { field, line: path[1], column: typeof path[2] === 'number' ? path[2] : null };
  const match = /line:? (\d+)(?:,? col(?:umn)?:? (\d+))?/i.exec(issue.message);
  return { field, line: match ? Number(match[1]) : null, column: match?.[2] ? Number(match[2]) : null };
}

/** Validation issues listed by where they are: a document path (`steps[2].then`), or a template's line and column. */
export function IssueList({ issues, title, lines = false }: { issues: readonly PathIssue[]; title: string; lines?: boolean }) {
  const { t } = useI18n();
  if (issues.length === 0) return null;
  return (
    <section className="issues" aria-label={title} aria-live="polite">
      <h3>{title}</h3>
      <ul>
        {issues.map((issue, i) => {
          const place = lines ? issuePlace(issue) : null;
          const where = place
            ? [place.field, place.line !== null ? t('issues.line', { line: place.line }) : '', place.column !== null ? t('issues.column', { column: place.column }) : ''].filter(Boolean).join(', ')
            : formatPath(issue.path ?? []);
          return (
            <li key={i}>
              {where && <code className="issue-path">{where}</code>} {issue.message}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
