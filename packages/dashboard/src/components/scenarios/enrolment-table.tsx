import type { EnrolmentDocument } from '../../follow-up-documents.js';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useLoad } from '../../use-load.js';
import { ErrorBox, Loading } from '../states.js';
import { StatusBadge } from '../status-badge.js';

const PAGE = 20;

/** Who went through a scenario, newest first: where each one stands, or why they left. */
export function EnrolmentTable({ scenarioId, steps }: { scenarioId: string; steps: readonly string[] }) {
  const { api } = useSession();
  const { t } = useI18n();
  const [status, setStatus] = useState<'' | EnrolmentDocument['status']>('');
  const page = useLoad(() => api.scenarioEnrolments(scenarioId, { status: status || undefined, limit: PAGE }), [api, scenarioId, status]);
  return (
    <>
      <label>
        {t('scenarios.status')}
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="">{t('scenarios.allStatuses')}</option>
          {(['active', 'completed', 'exited'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {page.status === 'loading' && <Loading />}
      {page.status === 'error' && <ErrorBox error={page.error} onRetry={page.reload} />}
      {page.status === 'ready' && <Rows enrolments={page.data.enrolments} steps={steps} more={page.data.nextCursor !== null} />}
    </>
  );
}

function Rows({ enrolments, steps, more }: { enrolments: readonly EnrolmentDocument[]; steps: readonly string[]; more: boolean }) {
  const { t, f } = useI18n();
  if (enrolments.length === 0) return <p className="muted">{t('scenarios.noEnrolments')}</p>;
  return (
    <>
      <table>
        <caption className="visually-hidden">{t('scenarios.enrolments')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('contacts.contact')}</th>
            <th scope="col">{t('scenarios.status')}</th>
            <th scope="col">{t('scenarios.where')}</th>
            <th scope="col">{t('scenarios.entered')}</th>
          </tr>
        </thead>
        <tbody>
          {enrolments.map((e) => (
            <tr key={e.id}>
              <td>
                <a href={href(`/contacts/${e.contactId}`)}>{e.contactId}</a>
              </td>
              <td>
                <StatusBadge status={e.status} />
              </td>
              <td>
                {e.status === 'active' && e.position.stepId
                  ? t('scenarios.atStep', { n: steps.indexOf(e.position.stepId) + 1, step: e.position.stepId, due: f.dateTime(e.position.dueAt) })
                  : (e.endReason ?? '–')}
              </td>
              <td>{f.dateTime(e.enteredAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && <p className="muted small">{t('scenarios.moreEnrolments', { n: enrolments.length })}</p>}
    </>
  );
}
