import type { ReportDocuments } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { StageBadge } from './stage-badge.js';
import type { StageNames } from './stage-names.js';

type Report = ReportDocuments['blocking-points'];

/** Where each stage goes quiet, the purchase path's drops, and the pages that go with moving up. */
export function BlockingPointsView({ report, names }: { report: Report; names: StageNames }) {
  const { t, f } = useI18n();
  const days = Math.round(report.quietAfterMs / 86_400_000);
  return (
    <>
      <section aria-labelledby="exits">
        <h2 id="exits">{t('blocking.exits')}</h2>
        <p className="muted small">{t('blocking.exitsHint', { days })}</p>
        {report.noneQuiet && <p className="note warn" role="status">{t('blocking.noneQuiet', { n: f.number(report.contacts), days })}</p>}
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="exits">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reports.stage')}</th>
                <th scope="col">{t('reports.page')}</th>
                <th scope="col" className="num">{t('reports.exits')}</th>
                <th scope="col" className="num">{t('blocking.shareOfQuiet')}</th>
                <th scope="col" className="num">{t('blocking.lastPageOf')}</th>
                <th scope="col" className="num">{t('blocking.exitRate')}</th>
                <th scope="col" className="num">{t('blocking.viewers')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byStage.flatMap((s) =>
                s.pages.map((p, i) => (
                  <tr key={`${s.stage}${p.path}`}>
                    <td>
                      {i === 0 && (
                        <>
                          <StageBadge stage={names.tone(s.stage)} label={names.label(s.stage)} /> <span className="muted small">{t('blocking.quiet', { n: f.number(s.quiet) })}</span>
                        </>
                      )}
                    </td>
                    <td><code>{p.path}</code></td>
                    <td className="num">{f.number(p.exits)}</td>
                    <td className="num">{f.percent(p.share)}</td>
                    <td className="num">{f.number(p.lastPageOf)}</td>
                    <td className="num">{f.percent(p.exitRate)}</td>
                    <td className="num">{f.number(p.viewers)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="purchase-path">
        <h2 id="purchase-path">{t('blocking.purchasePath')}</h2>
        {report.purchasePath.length === 0 && <p className="muted">{t('blocking.noPurchases')}</p>}
        <ol className="path-steps">
          {report.purchasePath.map((s) => (
            <li key={s.step} className={s.step === report.worstStep ? 'worst' : undefined}>
              <strong>{t(`blocking.step.${s.step}` as MessageKey)}</strong> {f.number(s.contacts)}
              {s.drop !== null && <span className="muted small"> · {t('blocking.lost', { share: f.percent(s.drop) })}</span>}
              {s.withoutPrevious ? <span className="muted small"> · {t('blocking.withoutPrevious', { n: f.number(s.withoutPrevious) })}</span> : null}
              {s.step === report.worstStep && <span className="small"> · {t('blocking.worst')}</span>}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="lift">
        <h2 id="lift">{t('blocking.lift')}</h2>
        {report.liftSampledOneIn > 1 && <p className="muted small">{t('blocking.liftSampled', { k: report.liftSampledOneIn })}</p>}
        {report.lift
          .filter((l) => l.skipped > 0)
          .map((l) => (
            <p key={l.from} className="muted small">
              {t('blocking.liftSkipped', { n: f.number(l.skipped), from: t(`temperature.${l.from}`), to: t(`temperature.${l.to}`) })}
            </p>
          ))}
        {report.lift.every((l) => l.pages.length === 0) ? (
          <p className="muted">{t('reports.noRows')}</p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="lift">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('blocking.move')}</th>
                  <th scope="col">{t('reports.page')}</th>
                  <th scope="col" className="num">{t('blocking.viewed')}</th>
                  <th scope="col" className="num">{t('blocking.rateWith')}</th>
                  <th scope="col" className="num">{t('blocking.rateWithout')}</th>
                  <th scope="col" className="num">{t('col.lift')}</th>
                </tr>
              </thead>
              <tbody>
                {report.lift.flatMap((l) =>
                  l.pages.map((p) => (
                    <tr key={`${l.from}${p.path}`}>
                      <td>{t('blocking.moveFromTo', { from: t(`temperature.${l.from}`), to: t(`temperature.${l.to}`) })}</td>
                      <td><code>{p.path}</code></td>
                      <td className="num">{t('blocking.movedOf', { moved: f.number(p.movedUp), viewed: f.number(p.viewed) })}</td>
                      <td className="num">{f.percent(p.rate)}</td>
                      <td className="num">{f.percent(p.rateWithout)}</td>
                      <td className="num">
                        {p.lift === null ? '–' : `×${f.number(p.lift, 2)}`} {p.significant ? <span title={t('blocking.significant')}>✓</span> : <span className="muted small">{t('blocking.maybeChance')}</span>}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
