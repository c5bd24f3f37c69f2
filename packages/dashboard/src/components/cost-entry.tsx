import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { useSession } from '../session.js';
import { asApiError } from '../use-load.js';
import { FormMessage, useErrorText, type Message } from './form-message.js';

/** Adds one cost line: a channel's spend over a period, digital or field prospecting. */
export function CostEntry({ onAdded }: { onAdded: () => void }) {
  const { api } = useSession();
  const { t } = useI18n();
  const describe = useErrorText();
  const [message, setMessage] = useState<Message>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    try {
      await api.costs.add({ channel: text('channel'), campaign: text('campaign') || undefined, kind: text('kind') === 'field' ? 'field' : 'digital', from: text('from'), to: text('to'), amount: Number(text('amount')), currency: text('currency') || 'EUR', note: text('note') || undefined });
      setMessage({ ok: true, text: t('costs.added') });
      formElement.reset();
      onAdded();
    } catch (e) {
      const error = asApiError(e);
      setMessage({ ok: false, text: describe(error) });
    }
  }
  return (
    <section aria-labelledby="cost-entry">
      <h2 id="cost-entry">{t('costs.add')}</h2>
      <form className="grid-form" onSubmit={(e) => void submit(e)}>
        <label>
          {t('costs.channel')}
          <input name="channel" required placeholder="google, salon, terrain…" />
        </label>
        <label>
          {t('costs.campaign')}
          <input name="campaign" />
        </label>
        <label>
          {t('costs.kind')}
          <select name="kind" defaultValue="digital">
            <option value="digital">{t('costs.digital')}</option>
            <option value="field">{t('costs.field')}</option>
          </select>
        </label>
        <label>
          {t('reports.from')}
          <input name="from" type="date" required />
        </label>
        <label>
          {t('reports.to')}
          <input name="to" type="date" required />
        </label>
        <label>
          {t('costs.amount')}
          <input name="amount" type="number" min="0" step="0.01" required />
        </label>
        <label>
          {t('costs.currency')}
          <input name="currency" defaultValue="EUR" maxLength={3} />
        </label>
        <label>
          {t('costs.note')}
          <input name="note" />
        </label>
        <button type="submit" className="primary">
          {t('costs.save')}
        </button>
      </form>
      <FormMessage message={message} />
    </section>
  );
}
