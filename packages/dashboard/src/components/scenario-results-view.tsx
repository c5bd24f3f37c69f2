import type { ReportDocuments, ScenarioReportEntry } from '@leadpulse/contract/client';
import type { Comparison } from '@leadpulse/core';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';

type Report = ReportDocuments['scenarios'];

/** The campaign report: per scenario, treated against control with the uplift's interval and warning, then the funnel per step and variant. */
export function ScenarioResultsView({ report }: { report: Report }) {
  const { t } = useI18n();
  return (
    <>
      <p className="muted">{t('campaign.intro', { days: report.horizonDays })}</p>
      {report.scenarios.length === 0 && <p className="muted">{t('campaign.noScenario')}</p>}
      {report.scenarios.map((scenario) => (
        <ScenarioResult key={scenario.scenarioId} scenario={scenario} />
      ))}
      <details>
        <summary>{t('campaign.method')}</summary>
        <p className="muted small">{report.method}</p>
      </details>
    </>
  );
}

function ScenarioResult({ scenario }: { scenario: ScenarioReportEntry }) {
  const { t, f } = useI18n();
  const headingId = `scenario-${scenario.scenarioId}`;
  const { outcome } = scenario;
  const rate = (line: typeof outcome.treated, part: 'reachedGoal' | 'purchased') => (line && line.enrolled > 0 ? line[part] / line.enrolled : null);
  const perContact = (line: typeof outcome.treated) => (line && line.enrolled > 0 ? line.revenue.sum / line.enrolled : null);
  const interval = (c: Comparison, format: (v: number | null) => string) =>
    c.difference === null ? '—' : `${format(c.difference)} [${format(c.interval?.[0] ?? null)} ; ${format(c.interval?.[1] ?? null)}] · ${c.significant ? t('campaign.significant') : t('campaign.notSignificant')}`;
  const points = (v: number | null) => f.percent(v, 1);
  const money = (v: number | null) => f.number(v, 2);
  const rows: { label: string; treated: string; control: string; comparison: Comparison; format: (v: number | null) => string }[] = [
    { label: t('campaign.goal', { goal: t(`temperature.${scenario.goal}` as MessageKey) }), treated: f.percent(rate(outcome.treated, 'reachedGoal')), control: f.percent(rate(outcome.control, 'reachedGoal')), comparison: outcome.goal, format: points },
    { label: t('campaign.purchase'), treated: f.percent(rate(outcome.treated, 'purchased')), control: f.percent(rate(outcome.control, 'purchased')), comparison: outcome.purchase, format: points },
    { label: t('campaign.revenue'), treated: money(perContact(outcome.treated)), control: money(perContact(outcome.control)), comparison: outcome.revenuePerContact, format: money },
  ];
  return (
    <section aria-labelledby={headingId} className="card">
      <h2 id={headingId}>
        {scenario.name ?? scenario.key ?? scenario.scenarioId} <span className="muted small">({scenario.controlPercent ? t('campaign.control', { percent: scenario.controlPercent }) : t('campaign.noControl')})</span>
      </h2>
      <p>{t('campaign.enrolled', { treated: f.number(scenario.enrolled.treated), control: f.number(scenario.enrolled.control) })}</p>
      {outcome.warning && (
        <p className="note warn" role="status">
          {outcome.warning}
        </p>
      )}
      <table>
        <caption>{t('campaign.outcome')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('campaign.outcome')}</th>
            <th scope="col">{t('campaign.treated')}</th>
            <th scope="col">{t('campaign.controlGroup')}</th>
            <th scope="col">{t('campaign.uplift')}</th>
            <th scope="col">{t('campaign.pValue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.treated}</td>
              <td>{row.control}</td>
              <td>{interval(row.comparison, row.format)}</td>
              <td>{row.comparison.pValue === null ? '—' : f.number(row.comparison.pValue, 4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>{t('campaign.steps')}</caption>
        <thead>
          <tr>
            {(['step', 'template', 'variant', 'sent', 'delivered', 'opens', 'clicks', 'unsubscribes', 'bounces', 'complaints', 'heldOut'] as const).map((k) => (
              <th key={k} scope="col">
                {t(`campaign.${k}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scenario.steps.map((step) => (
            <tr key={`${step.stepId}:${step.template}:${step.variant}`}>
              <th scope="row">{step.stepId}</th>
              <td>{step.template || '—'}</td>
              <td>{step.variant || '—'}</td>
              {[step.counts.sent, step.counts.delivered, step.counts.opened, step.counts.clicked, step.counts.unsubscribed, step.counts.bounced, step.counts.complained, step.heldOut].map((v, i) => (
                <td key={i}>{f.number(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {scenario.variants.map((test) => (
        <div key={test.stepId}>
          <h3>{t('campaign.abTest', { step: test.stepId })}</h3>
          <ul>
            {test.variants.map((v) => (
              <li key={v.variant}>
                {t('campaign.variant')} {v.variant}: {t('campaign.clickRate')} {f.percent(v.clickRate, 1)} ({f.number(v.clicked)} / {f.number(v.sent)})
              </li>
            ))}
          </ul>
          <p className={test.winner ? 'note ok' : 'muted'} role="status">
            {test.winner ? t('campaign.winner', { variant: test.winner, alpha: f.number(test.alpha, 4) }) : t('campaign.noWinner', { alpha: f.number(test.alpha, 4) })}
          </p>
          {test.warning && <p className="note warn">{test.warning}</p>}
        </div>
      ))}
    </section>
  );
}
