import type { ReportDocuments } from '@leadpulse/contract/client';
import { useMemo } from 'react';
import { Chart } from '../components/chart.js';
import { LiveFeed } from '../components/live-feed.js';
import { StageBadge, TEMPERATURE_COLOURS } from '../components/stage-badge.js';
import { stageNames, type StageNames } from '../components/stage-names.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { TunnelSteps } from '../components/tunnel-steps.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** Today's temperatures and their history, the tunnel, where people stall, and who moves right now. */
export default function Overview() {
  const { api, can } = useSession();
  const { t, f, lang } = useI18n();
  const data = useLoad(() => Promise.all([api.stages(), api.report('tunnel'), api.report('blocking-points', { top: 3 })]), [api]);

  const history = useMemo(() => {
    if (data.status !== 'ready') return null;
    const [stages, tunnel] = data.data;
    // The history starts on the first day anyone was classified, not at the start of an empty period.
    const first = tunnel.history.findIndex((h) => Object.values(h.counts).some((n) => n > 0));
    const shown = first < 0 ? tunnel.history : tunnel.history.slice(first);
    const days = shown.map((h) => h.day);
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: days, boundaryGap: false, axisLabel: { formatter: (day: string) => f.date(day) } },
      yAxis: { type: 'value' },
      series: stages.stages.map((s) => ({
        name: s.labels[lang],
        type: 'line',
        stack: 'all',
        areaStyle: {},
        symbol: 'none',
        color: TEMPERATURE_COLOURS[s.temperature ?? s.key] ?? TEMPERATURE_COLOURS['unknown'],
        data: shown.map((h) => h.counts[s.key] ?? 0),
      })),
    };
  }, [data, lang, f]);

  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  const [stages, tunnel, blocking] = data.data;
  return (
    <>
      <h1>{t('overview.title')}</h1>
      {stages.total === 0 ? (
        <Empty title={t('overview.empty')}>
          <p>{t('overview.emptyHint')}</p>
          {can('settings') && <a href={href('/settings')}>{t('overview.installSnippet')}</a>}
        </Empty>
      ) : (
        <>
          <section aria-labelledby="today">
            <h2 id="today">{t('overview.today', { total: f.number(stages.total) })}</h2>
            <ul className="cards">
              {stages.stages.map((s) => (
                <li key={s.key} className={`card tone-${s.temperature ?? 'none'}`}>
                  <a href={href('/contacts', { stage: s.key })}>
                    <StageBadge stage={s.temperature ?? s.key} label={s.labels[lang]} />
                    <strong className="big">{f.number(s.count)}</strong>
                    <span className="muted">{f.percent(stages.total ? s.count / stages.total : null)}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="history">
            <h2 id="history">{t('overview.history')}</h2>
            {history && <Chart option={history} label={t('overview.historyLabel')} />}
          </section>
        </>
      )}
      <div className="columns">
        <section aria-labelledby="tunnel">
          <h2 id="tunnel">{t('overview.tunnel')}</h2>
          <TunnelSteps group={tunnel.total} />
          <p className="muted small">{t('overview.tunnelPeriod', { from: f.date(tunnel.from), to: f.date(tunnel.to) })}</p>
        </section>
        <section aria-labelledby="blocking">
          <h2 id="blocking">{t('overview.blocking')}</h2>
          <BlockingSummary report={blocking} names={stageNames(stages, lang)} />
          <p className="small">
            <a href={href('/reports', { tab: 'blocking-points' })}>{t('overview.moreBlocking')}</a>
          </p>
        </section>
      </div>
      <section aria-labelledby="feed">
        <h2 id="feed">{t('overview.feed')}</h2>
        <LiveFeed />
      </section>
    </>
  );
}

function BlockingSummary({ report, names }: { report: ReportDocuments['blocking-points']; names: StageNames }) {
  const { t, f } = useI18n();
  const rows = report.byStage.flatMap((s) => s.pages.slice(0, 2).map((p) => ({ stage: s.stage, ...p })));
  if (rows.length === 0) return <p className="muted">{t('overview.noBlocking')}</p>;
  return (
    <table>
      <caption className="visually-hidden">{t('overview.blocking')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.stage')}</th>
          <th scope="col">{t('reports.page')}</th>
          <th scope="col" className="num">{t('reports.exits')}</th>
          <th scope="col" className="num">{t('reports.share')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.stage}${r.path}`}>
            <td>
              <StageBadge stage={names.tone(r.stage)} label={names.label(r.stage)} />
            </td>
            <td><code>{r.path}</code></td>
            <td className="num">{f.number(r.exits)}</td>
            <td className="num">{f.percent(r.share)}</td>
          </tr>
        ))}
      </tbody>
      {report.worstStep && (
        <tfoot>
          <tr>
            <td colSpan={4}>{t('overview.worstStep', { step: t(`blocking.step.${report.worstStep}` as MessageKey), share: f.percent(report.purchasePath.find((s) => s.step === report.worstStep)?.drop) })}</td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
