import type { AdminClient } from '@leadpulse/contract/client';
import { ErrorBox, Loading } from './states.js';
import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

type EmailDomainDocument = Awaited<ReturnType<AdminClient['emailDomain']>>;
type EmailFeedbackDocument = Awaited<ReturnType<AdminClient['listEmailFeedback']>>['reports'][number];

/** The sending domain's SPF, DKIM and DMARC records with what to publish, and the bounce and complaint reports received. */
export function EmailDomainPanel() {
  const { api } = useSession();
  const { t, f } = useI18n();
  const check = useLoad(() => api.emailDomain(), [api]);
  return (
    <section aria-labelledby="email-domain">
      <h2 id="email-domain">{t('deliverability.title')}</h2>
      {check.status === 'loading' && <Loading />}
      {check.status === 'error' && <ErrorBox error={check.error} onRetry={check.reload} />}
      {check.status === 'ready' && (
        <>
          <p className="muted">{t('deliverability.hint', { domain: check.data.domain, at: f.dateTime(check.data.checkedAt) })}</p>
          {!check.data.reachable && (
            <p className="note" role="status">
              {t('deliverability.unreachable')}
            </p>
          )}
          <DomainRecords records={check.data.records} />
          <button type="button" onClick={check.reload}>
            {t('deliverability.recheck')}
          </button>
        </>
      )}
      <FeedbackReports />
    </section>
  );
}

function DomainRecords({ records }: { records: EmailDomainDocument['records'] }) {
  const { t } = useI18n();
  return (
    <table>
      <caption className="visually-hidden">{t('deliverability.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('deliverability.record')}</th>
          <th scope="col">{t('deliverability.name')}</th>
          <th scope="col">{t('deliverability.state')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr key={record.kind}>
            <th scope="row">{record.kind.toUpperCase()}</th>
            <td>
              <code>{record.name}</code>
            </td>
            <td>
              <strong>{t(`deliverability.state.${record.state}` as MessageKey)}</strong> — {t(`deliverability.advice.${record.state}` as MessageKey)}
              {record.found.length > 0 && (
                <p>
                  {t('deliverability.found')}: <code>{record.found.join(' | ')}</code>
                </p>
              )}
              {record.suggested && (
                <p>
                  {t('deliverability.publish')}: <code className="code">{record.suggested}</code>
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FeedbackReports() {
  const { api } = useSession();
  const { t, f } = useI18n();
  const reports = useLoad(() => api.listEmailFeedback({ limit: 20 }), [api]);
  const kindOf = (report: EmailFeedbackDocument) => t(`deliverability.kind.${report.kind ?? 'none'}` as MessageKey);
  return (
    <>
      <h3>{t('deliverability.reports')}</h3>
      <p className="muted">{t('deliverability.reportsHint')}</p>
      {reports.status === 'loading' && <Loading />}
      {reports.status === 'error' && <ErrorBox error={reports.error} onRetry={reports.reload} />}
      {reports.status === 'ready' && reports.data.reports.length === 0 && <p>{t('deliverability.noReports')}</p>}
      {reports.status === 'ready' && reports.data.reports.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('deliverability.reports')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('deliverability.received')}</th>
              <th scope="col">{t('deliverability.source')}</th>
              <th scope="col">{t('deliverability.kind')}</th>
              <th scope="col">{t('deliverability.status')}</th>
              <th scope="col">{t('deliverability.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.data.reports.map((report) => (
              <tr key={report.id}>
                <td>{f.dateTime(report.receivedAt)}</td>
                <td>{report.source}</td>
                <td>{kindOf(report)}</td>
                <td>{t(`deliverability.report.${report.status}` as MessageKey)}</td>
                <td>{report.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
