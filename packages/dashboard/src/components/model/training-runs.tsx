import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ModelRunDocument } from '@leadpulse/contract/client';
import { outcomeWords, phaseWords } from './model-words.js';

/** Every training, newest first: its status, its progress while it runs, and why it was refused or failed. */
export function TrainingRuns({ runs }: { runs: readonly ModelRunDocument[] }) {
  const { t, f, lang } = useI18n();
  if (runs.length === 0) return <p className="muted">{t('model.noRuns')}</p>;
  return (
    <table className="runs">
      <caption className="visually-hidden">{t('model.runs')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('model.requested')}</th>
          <th scope="col">{t('model.horizon')}</th>
          <th scope="col">{t('model.status')}</th>
          <th scope="col">{t('model.details')}</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td>{f.dateTime(run.requestedAt)}</td>
            <td>{t('model.days', { days: run.horizonDays })}</td>
            <td>
              <span className={`badge badge-run-${run.status}`}>{t(`model.status.${run.status}` as MessageKey)}</span>
            </td>
            <td>
              {run.status === 'training' ? (
                <Progress run={run} />
              ) : run.outcome ? (
                outcomeWords(run.outcome, lang, t, (v) => f.number(v, 2))
              ) : run.card ? (
                t('model.runAuc', { auc: f.number(run.card.auc, 2), finished: f.dateTime(run.finishedAt) })
              ) : (
                f.dateTime(run.finishedAt)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Progress({ run }: { run: ModelRunDocument }) {
  const { t, f } = useI18n();
  const { phase, done, total } = run.progress;
  const words = phaseWords(phase, t);
  return (
    <span className="run-progress">
      {words} {total > 0 && <span className="muted">({f.number(done)} / {f.number(total)})</span>}{' '}
      <progress max={total > 0 ? total : undefined} value={total > 0 ? done : undefined} aria-label={t('model.progressOf', { phase: words })} />
    </span>
  );
}
