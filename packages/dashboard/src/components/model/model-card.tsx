import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ModelRunDocument } from '@leadpulse/contract/client';
import { CalibrationChart } from './calibration-chart.js';

/** The published model's card: how well it ranks and how honest its probabilities are, on what data, and when. */
export function ModelCard({ model }: { model: ModelRunDocument & { card: NonNullable<ModelRunDocument['card']> } }) {
  const { t, f, lang } = useI18n();
  const { card } = model;
  const auc = (v: number | null) => f.number(v, 2);
  const labelOf = new Map((model.features ?? []).map((feature) => [feature.key, feature.labels[lang]]));
  return (
    <section aria-labelledby="model-card">
      <h2 id="model-card">{t('model.card', { days: card.horizonDays })}</h2>
      <dl className="facts model-facts">
        <dt>{t('model.auc')}</dt>
        <dd>
          <strong className="big-number">{auc(card.auc)}</strong>{' '}
          {card.baselineAuc !== null && <span>{t('model.aucAgainst', { baseline: auc(card.baselineAuc) })}</span>}
          <span className="explain">{t('model.aucMeans')}</span>
        </dd>
        <dt>{t('model.precisionAtTop10')}</dt>
        <dd>
          <strong>{f.percent(card.precisionAtTop10)}</strong>
          <span className="explain">{t('model.precisionMeans', { rate: f.percent(card.positives / Math.max(1, card.rows)) })}</span>
        </dd>
        <dt>{t('model.brier')}</dt>
        <dd>
          <strong>{f.number(card.brier, 3)}</strong>
          <span className="explain">{t('model.brierMeans')}</span>
        </dd>
        <dt>{t('model.data')}</dt>
        <dd>{t('model.dataWords', { rows: f.number(card.rows), positives: f.number(card.positives), from: f.date(card.from), to: f.date(card.to) })}</dd>
        <dt>{t('model.validation')}</dt>
        <dd>{t(card.validation === 'time' ? 'model.validation.time' : 'model.validation.cross', { rows: f.number(card.validationRows) })}</dd>
        <dt>{t('model.trained')}</dt>
        <dd>{f.dateTime(card.trainedAt)}</dd>
        <dt>{t('model.kind')}</dt>
        <dd>{model.kind ? t(`model.kind.${model.kind}` as MessageKey) : '–'}</dd>
        <dt>{t('model.candidates')}</dt>
        <dd>
          <ul className="plain-list">
            {card.candidates.map((c) => (
              <li key={c.kind}>
                {t('model.candidateAuc', { kind: t(`model.kind.${c.kind}` as MessageKey), auc: auc(c.auc) })} {c.kind === model.kind && <strong>· {t('model.chosen')}</strong>}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <h3>{t('model.calibration')}</h3>
      <p className="muted">{t('model.calibrationMeans')}</p>
      <CalibrationChart bins={card.reliability} />
      <h3>{t('model.featureIssues')}</h3>
      {card.featureIssues.length === 0 ? (
        <p className="muted">{t('model.noFeatureIssues')}</p>
      ) : (
        <ul>
          {card.featureIssues.map((issue) => (
            <li key={issue.key}>
              <strong>{labelOf.get(issue.key) ?? issue.key}</strong> — {t(issue.issue === 'constant' ? 'model.issue.constant' : 'model.issue.missing')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
