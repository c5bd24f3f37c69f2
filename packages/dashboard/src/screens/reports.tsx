import type { ReportDocuments, ReportName, ReportParams } from '@leadpulse/contract/client';
import { TEMPERATURES } from '@leadpulse/core';
import { useMemo, type FormEvent } from 'react';
import { Chart } from '../components/chart.js';
import { BlockingPointsView } from '../components/blocking-points-view.js';
import { CostEntry } from '../components/cost-entry.js';
import { ReportTable } from '../components/report-table.js';
import { ScenarioResultsView } from '../components/scenario-results-view.js';
import { TEMPERATURE_COLOURS } from '../components/stage-badge.js';
import { stageNames, type StageNames } from '../components/stage-names.js';
import { ErrorBox, Loading } from '../components/states.js';
import { TransitionMatrixTable } from '../components/transition-matrix.js';
import { TunnelSteps } from '../components/tunnel-steps.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

const TABS: readonly ReportName[] = ['tunnel', 'blocking-points', 'costs', 'campaigns', 'doctrine-check', 'scenarios'];
const GROUPS = ['none', 'source', 'medium', 'campaign', 'landing', 'cohort', 'last-source', 'last-medium', 'last-campaign', 'trait'] as const;
const TRAIT = 'trait:';

/** The five reports, each with its period, grouping, chart, table and CSV export. */
export default function Reports({ params }: { params: URLSearchParams }) {
  const { api, can } = useSession();
  const { t, lang } = useI18n();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as ReportName) : 'tunnel';
  const query: ReportParams = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined, asOf: params.get('asOf') ?? undefined, groupBy: tab === 'tunnel' ? (params.get('groupBy') ?? 'source') : undefined };
  const report = useLoad(() => api.report(tab, query), [api, tab, query.from, query.to, query.asOf, query.groupBy]);
  const stages = useLoad(() => api.stages(), [api]);
  const names: StageNames = stages.status === 'ready' ? stageNames(stages.data, lang) : { label: (key) => key, tone: (key) => key };
  const current = Object.fromEntries(params.entries());
  const trait = query.groupBy?.startsWith(TRAIT) ? query.groupBy.slice(TRAIT.length) : '';

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const group = form.get('groupBy') ? String(form.get('groupBy')) : current['groupBy'];
    const groupBy = group === 'trait' ? `${TRAIT}${String(form.get('trait') ?? '').trim()}` : group;
    navigate('/reports', { ...current, from: String(form.get('from') || ''), to: String(form.get('to') || ''), asOf: String(form.get('asOf') || ''), groupBy });
  }

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <nav className="tabs" aria-label={t('reports.title')}>
        {TABS.map((name) => (
          <a key={name} href={href('/reports', { ...current, tab: name })} aria-current={name === tab ? 'page' : undefined}>
            {t(`report.${name}` as MessageKey)}
          </a>
        ))}
      </nav>
      <form className="filters" onSubmit={apply}>
        <label>
          {t('reports.from')}
          <input type="date" name="from" defaultValue={query.from} key={`f${query.from}`} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" name="to" defaultValue={query.to} key={`t${query.to}`} />
        </label>
        <label>
          {t('reports.asOf')}
          <input type="date" name="asOf" defaultValue={query.asOf} key={`a${query.asOf}`} />
        </label>
        {tab === 'tunnel' && (
          <label>
            {t('reports.groupBy')}
            <select name="groupBy" defaultValue={trait ? 'trait' : query.groupBy} key={query.groupBy}>
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`group.${g}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        )}
        {tab === 'tunnel' && (
          <label>
            {t('reports.traitName')}
            <input name="trait" defaultValue={trait} key={`t:${trait}`} placeholder={t('reports.traitHint')} size={14} />
          </label>
        )}
        <button type="submit">{t('contacts.apply')}</button>
        <a className="button" href={api.reportCsvUrl(tab, query)} download>
          {t('reports.csv')}
        </a>
      </form>
      {report.status === 'loading' && <Loading />}
      {report.status === 'error' && <ErrorBox error={report.error} onRetry={report.reload} />}
      {report.status === 'ready' && (
        <>
          <p className="muted small">{t('reports.describes', { at: new Date(report.data.asOf).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) })}</p>
          {tab === 'tunnel' && <TunnelView report={report.data as ReportDocuments['tunnel']} />}
          {tab === 'costs' && <CostsView report={report.data as ReportDocuments['costs']} />}
          {tab === 'campaigns' && (report.data as ReportDocuments['campaigns']).sampledOneIn > 1 && <p className="muted small">{t('reports.sampledCampaigns', { k: (report.data as ReportDocuments['campaigns']).sampledOneIn })}</p>}
          {tab === 'doctrine-check' && <DoctrineCheckView report={report.data as ReportDocuments['doctrine-check']} />}
          {tab === 'scenarios' && <ScenarioResultsView report={report.data as ReportDocuments['scenarios']} />}
          {tab === 'blocking-points' ? (
            <BlockingPointsView report={report.data as ReportDocuments['blocking-points']} names={names} />
          ) : (
            // The campaign report reads as its own view; its table is the CSV's.
            tab !== 'scenarios' && <ReportTable table={report.data.table} caption={t(`report.${tab}` as MessageKey)} currency={tab === 'costs' ? (report.data as ReportDocuments['costs']).currency : null} />
          )}
          {tab === 'tunnel' && (
            <section aria-labelledby="transitions">
              <h2 id="transitions">{t('transitions.title')}</h2>
              <TransitionMatrixTable matrix={(report.data as ReportDocuments['tunnel']).transitions} names={names} />
            </section>
          )}
          {tab === 'costs' && can('costs') && <CostEntry onAdded={report.reload} />}
        </>
      )}
    </>
  );
}

function TunnelView({ report }: { report: ReportDocuments['tunnel'] }) {
  const { t } = useI18n();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 56, right: 16, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: report.groups.map((g) => g.group) },
      yAxis: { type: 'value' },
      series: TEMPERATURES.map((k) => ({ name: t(`temperature.${k}`), type: 'bar', color: TEMPERATURE_COLOURS[k], data: report.groups.map((g) => g.reached[k]) })),
    }),
    [report, t],
  );
  return (
    <div className="columns">
      <section aria-label={t('overview.tunnel')}>
        <TunnelSteps group={report.total} />
        {report.sampledOneIn > 1 && <p className="muted small">{t('reports.sampled', { k: report.sampledOneIn })}</p>}
      </section>
      <Chart option={option} label={t('reports.byGroup')} />
    </div>
  );
}

function CostsView({ report }: { report: ReportDocuments['costs'] }) {
  const { t, f } = useI18n();
  return (
    <section aria-labelledby="field-digital">
      <h2 id="field-digital">{t('reports.fieldVsDigital')}</h2>
      <ul className="cards">
        {report.byKind.map((k) => (
          <li key={k.channel} className="card">
            <strong>{t(k.channel === 'field' ? 'costs.field' : 'costs.digital')}</strong>
            <span>{t('costs.spent', { amount: f.money(k.cost, report.currency) })}</span>
            <span>{t('costs.perHot', { amount: f.money(k.costPer.hot, report.currency) })}</span>
            <span>{t('costs.perClient', { amount: f.money(k.costPer.client, report.currency) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function DoctrineCheckView({ report }: { report: ReportDocuments['doctrine-check'] }) {
  const { t } = useI18n();
  const ranking = report.ranking.map((stage) => t(`temperature.${stage}` as MessageKey)).join(' > ');
  return (
    <>
      <p className={report.ordered ? 'note ok' : 'note warn'} role="status">
        {t(report.ordered ? 'check.ordered' : 'check.disordered', { ranking })}
      </p>
      {report.signalsSampledOneIn > 1 && <p className="muted small">{t('reports.sampledSignals', { k: report.signalsSampledOneIn })}</p>}
    </>
  );
}
