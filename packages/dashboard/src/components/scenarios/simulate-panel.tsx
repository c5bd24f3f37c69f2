import type { SimulationDocument } from '../../follow-up-documents.js';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { asApiError } from '../../use-load.js';
import { FormMessage, useErrorText, type Message } from '../form-message.js';

const DAY = 86_400_000;
const SHOWN = 1_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A dry run on a virtual clock: over a period, who would enrol, what would be sent on which day, where they would leave. */
export function SimulatePanel({ scenarioId }: { scenarioId: string }) {
  const { api } = useSession();
  const { t, f } = useI18n();
  const describe = useErrorText();
  const [result, setResult] = useState<SimulationDocument | null>(null);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  // The default window starts today, as the scheduler would.
  const [today] = useState(() => Date.now());

  async function run(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const contactIds = text('contactIds').split(/[\s,]+/).filter(Boolean);
    setBusy(true);
    setMessage(null);
    try {
      setResult(
        await api.simulateScenario(scenarioId, {
          from: text('from') || undefined,
          until: text('until') || undefined,
          ...(contactIds.length > 0 ? { contactIds } : {}),
          ...(text('limit') ? { limit: Number(text('limit')) } : {}),
        }),
      );
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="muted">{t('simulate.intro')}</p>
      <form className="filters" onSubmit={(e) => void run(e)} aria-label={t('simulate.title')}>
        <label>
          {t('simulate.from')}
          <input name="from" type="date" defaultValue={isoDay(today)} required />
        </label>
        <label>
          {t('simulate.until')}
          <input name="until" type="date" defaultValue={isoDay(today + 30 * DAY)} required />
        </label>
        <label>
          {t('simulate.contacts')}
          <input name="contactIds" placeholder={t('simulate.contactsHint')} size={28} />
        </label>
        <label>
          {t('simulate.limit')}
          <input name="limit" type="number" min={1} max={10000} placeholder="100" size={6} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('simulate.run')}
        </button>
      </form>
      <FormMessage message={message} />
      {result && <SimulationResult result={result} t={t} f={f} />}
    </>
  );
}

function SimulationResult({ result, t, f }: { result: SimulationDocument } & Pick<ReturnType<typeof useI18n>, 't' | 'f'>) {
  const days = new Map<string, SimulationDocument['lines'][number][]>();
  for (const line of result.lines.slice(0, SHOWN)) {
    const day = f.date(line.at);
    days.set(day, [...(days.get(day) ?? []), line]);
  }
  return (
    <div className="simulation" role="region" aria-label={t('simulate.result')}>
      <p className="note" role="status">
        {t('simulate.summary', { contacts: f.number(result.contacts), enrolled: f.number(result.enrolled), sends: f.number(result.sends), from: f.date(result.from), until: f.date(result.until) })}
      </p>
      {result.lines.length === 0 && <p className="muted">{t('simulate.nothing')}</p>}
      {[...days].map(([day, lines]) => (
        <section key={day} className="simulation-day" aria-label={day}>
          <h3>{day}</h3>
          <ul>
            {lines.map((line, i) => (
              <li key={i} className={`sim-${line.what}`}>
                <time dateTime={line.at}>{f.time(line.at)}</time>{' '}
                {line.contactId ? <a href={href(`/contacts/${line.contactId}`)}>{line.contactId}</a> : <span className="muted">{t('simulate.someone')}</span>}{' '}
                {t(`simulate.what.${line.what}`)}
                {line.stepId && <code className="muted small"> {line.stepId}</code>}
                {line.detail && <span className="muted"> · {line.detail}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {result.lines.length > SHOWN && <p className="muted">{t('simulate.truncated', { shown: f.number(SHOWN), total: f.number(result.lines.length) })}</p>}
    </div>
  );
}
