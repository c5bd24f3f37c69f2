import { useState } from 'react';
import type { ApiError } from '@leadpulse/contract/client';
import { useI18n } from '../../i18n/i18n.js';
import type { DoctrineAdviceDocument, DoctrineProposal, StageConversion } from '@leadpulse/contract/client';
import type { HorizonDays } from '../../horizons.js';
import { useSession } from '../../session.js';
import { asApiError } from '../../use-load.js';
import { HorizonSelect } from '../model/horizon-select.js';
import { ErrorBox, Loading } from '../states.js';

/**
 * Edits that would order the stages by the company's own conversion, each with the conversion per stage before and
 * after and the contacts who would move. Asked on demand: the server replays every sampled contact's history for it.
 * `onApply` loads a proposal into the doctrine form and previews it; saving stays the form's own button.
 */
export function DoctrineAdvice({ labelOf, onApply, busy }: { labelOf: (stage: string) => string; onApply: (doctrine: DoctrineProposal['doctrine']) => void; busy: boolean }) {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const [horizon, setHorizon] = useState<HorizonDays>(90);
  const [advice, setAdvice] = useState<{ status: 'idle' } | { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: DoctrineAdviceDocument }>({ status: 'idle' });

  async function ask() {
    setAdvice({ status: 'loading' });
    try {
      setAdvice({ status: 'ready', data: await api.doctrine.advice(horizon) });
    } catch (e) {
      setAdvice({ status: 'error', error: asApiError(e) });
    }
  }

  return (
    <section aria-labelledby="advice" className="advice">
      <h2 id="advice">{t('advice.title')}</h2>
      <p className="muted">{t('advice.intro')}</p>
      <div className="filters">
        <HorizonSelect label="advice.horizon" value={horizon} onChange={setHorizon} />
        <button type="button" onClick={() => void ask()} disabled={advice.status === 'loading'}>
          {t('advice.ask')}
        </button>
      </div>
      {advice.status === 'loading' && <Loading />}
      {advice.status === 'error' && <ErrorBox error={advice.error} onRetry={() => void ask()} />}
      {advice.status === 'ready' && (
        <>
          <p>
            {t('advice.pictured', { contacts: f.number(advice.data.contacts), days: horizon })}{' '}
            {advice.data.ordered ? t('advice.ordered') : t('advice.disordered', { n: advice.data.disorders.length })}
          </p>
          {lang === 'en' && advice.data.disorders.length > 0 && (
            <ul>
              {advice.data.disorders.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
          <ConversionTable caption={t('advice.now')} before={advice.data.before} labelOf={labelOf} />
          {advice.data.proposals.length === 0 ? (
            <p className="muted">{t('advice.none', { candidates: f.number(advice.data.candidates) })}</p>
          ) : (
            <ol className="proposals">
              {advice.data.proposals.map((proposal) => (
                <li key={proposal.id} className="proposal">
                  <h3>{proposal.summary[lang]}</h3>
                  <p className="muted">{t('advice.moved', { moved: f.number(proposal.moved), folds: proposal.folds })}</p>
                  <ConversionTable caption={t('advice.beforeAfter', { summary: proposal.summary[lang] })} before={proposal.before} after={proposal.after} labelOf={labelOf} />
                  <button type="button" onClick={() => onApply(proposal.doctrine)} disabled={busy} aria-label={t('advice.applyThis', { summary: proposal.summary[lang] })}>
                    {t('advice.apply')}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

/** Conversion per stage, in precedence order; with `after`, the same stages after the edit beside it. */
function ConversionTable({ caption, before, after, labelOf }: { caption: string; before: readonly StageConversion[]; after?: readonly StageConversion[]; labelOf: (stage: string) => string }) {
  const { t, f } = useI18n();
  const afterOf = new Map((after ?? []).map((s) => [s.stage, s]));
  const rate = (s: StageConversion | undefined) => (s ? `${f.percent(s.rate)} (${f.number(s.converted)} / ${f.number(s.contacts)})` : '–');
  return (
    <table className="conversion">
      <caption className={after ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('advice.stage')}</th>
          <th scope="col" className="num">{after ? t('advice.before') : t('advice.conversion')}</th>
          {after && (
            <th scope="col" className="num">
              {t('advice.after')}
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {before.map((s) => (
          <tr key={s.stage}>
            <td>{labelOf(s.stage)}</td>
            <td className="num">{rate(s)}</td>
            {after && <td className="num">{rate(afterOf.get(s.stage))}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
