import { useI18n } from '../../i18n/i18n.js';
import type { ContactPrediction } from '@leadpulse/contract/client';
import { href } from '../../router.js';
import { topFactors } from './model-figures.js';

const TOP = 6;

/** The contact's chance of buying within the model's horizon, and what pushes it up or down, beside the doctrine's reasons. */
export function PredictionFactors({ prediction }: { prediction: ContactPrediction }) {
  const { t, f, lang } = useI18n();
  const factors = topFactors(prediction.factors, TOP);
  return (
    <section aria-labelledby="prediction">
      <h2 id="prediction">{t('prediction.title')}</h2>
      <p className="probability">
        <strong className="big-number">{f.percent(prediction.probability, 0)}</strong> {t('prediction.within', { days: prediction.horizonDays })}
      </p>
      <p className="muted small">
        {t('prediction.means')} <a href={href('/model')}>{t('prediction.model')}</a>
      </p>
      {factors.length > 0 && (
        <>
          <h3>{t('prediction.factors')}</h3>
          <ul className="factors">
            {factors.map((factor) => {
              const up = factor.contribution > 0;
              return (
                <li key={factor.key}>
                  <span className="factor-label">
                    {factor.labels[lang]}
                    {factor.value !== null && <span className="muted"> · {f.number(factor.value, 2)}</span>}
                  </span>
                  <span className="factor-bar" aria-hidden="true">
                    <span className="factor-half">{!up && <span className="bar down" style={{ width: `${factor.share * 100}%` }} />}</span>
                    <span className="factor-half">{up && <span className="bar up" style={{ width: `${factor.share * 100}%` }} />}</span>
                  </span>
                  <span className={up ? 'factor-sign up' : 'factor-sign down'}>{t(up ? 'prediction.raises' : 'prediction.lowers')}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
