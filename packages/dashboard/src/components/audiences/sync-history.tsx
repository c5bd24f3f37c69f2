import type { SyncResult } from '@leadpulse/contract/client';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { Empty } from '../states.js';

const KNOWN_REASONS = new Set(['no_consent', 'no_identifier', 'invalid_email', 'invalid_phone']);

/** Each sync: when, to which platform, how many added and removed, how many left out and why, and how it ended. */
export function SyncHistory({ syncs }: { syncs: readonly SyncResult[] }) {
  const { t, f } = useI18n();
  if (syncs.length === 0) return <Empty title={t('audiences.noSyncs')} />;
  const reason = (key: string) => (KNOWN_REASONS.has(key) ? t(`audiences.skip.${key}` as MessageKey) : key);
  return (
    <table className="syncs">
      <caption className="visually-hidden">{t('audiences.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audiences.at')}</th>
          <th scope="col">{t('audiences.platform')}</th>
          <th scope="col">{t('audiences.status')}</th>
          <th scope="col" className="num">{t('audiences.added')}</th>
          <th scope="col" className="num">{t('audiences.removed')}</th>
          <th scope="col">{t('audiences.skipped')}</th>
        </tr>
      </thead>
      <tbody>
        {syncs.map((s, i) => (
          <tr key={`${s.platform}-${s.at}-${i}`}>
            <td>{f.dateTime(s.at)}</td>
            <td>{t(`audiences.platform.${s.platform}`)}</td>
            <td>
              <span className={`badge badge-sync-${s.status}`}>{t(`audiences.status.${s.status}`)}</span>
              {s.message && <div className="muted small">{s.message}</div>}
            </td>
            <td className="num">{f.number(s.added)}</td>
            <td className="num">{f.number(s.removed)}</td>
            <td>
              {Object.keys(s.skipped).length === 0
                ? '–'
                : Object.entries(s.skipped)
                    .map(([key, n]) => `${reason(key)}: ${f.number(n)}`)
                    .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
