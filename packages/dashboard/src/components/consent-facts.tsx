import type { MessageKey } from '../i18n/en.js';
import { useI18n } from '../i18n/i18n.js';

/** The contact's consent per purpose: the answer, where it came from, and when (issue 15). */
/** One purpose's answer as the contact document gives it. */
type ConsentStatus = { readonly granted: boolean | null; readonly source: string | null; readonly at: string | null };

export function ConsentFacts({ consent }: { consent: Readonly<Record<string, ConsentStatus>> }) {
  const { t, f } = useI18n();
  return (
    <>
      <h3>{t('consent.title')}</h3>
      <dl className="facts">
        {Object.entries(consent).map(([purpose, status]) => {
          const answer = status.granted === null ? t('consent.unknown') : t(status.granted ? 'consent.granted' : 'consent.refused');
          return (
            <div key={purpose}>
              <dt>{t(`consent.purpose.${purpose}` as MessageKey)}</dt>
              <dd>{status.granted === null || !status.source ? answer : t('consent.via', { answer, source: status.source, date: f.dateTime(status.at) })}</dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}
