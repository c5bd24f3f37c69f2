import { useEffect, useState, type FormEvent } from 'react';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { ModelCard } from '../components/model/model-card.js';
import { HorizonSelect } from '../components/model/horizon-select.js';
import { TrainingRuns } from '../components/model/training-runs.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { ModelStatusDocument } from '@leadpulse/contract/client';
import type { HorizonDays } from '../horizons.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

const POLL_MS = 1000;

/** The predictive score: the published model's card with its calibration, the trainings, and a way to train one. */
export default function Model() {
  const { api, can } = useSession();
  const { t } = useI18n();
  const describe = useErrorText();
  const loaded = useLoad(() => api.model.get(), [api]);
  // Polled answers replace the first one while a training runs, without the screen going back to "loading".
  const [polled, setPolled] = useState<ModelStatusDocument | null>(null);
  const status = polled ?? (loaded.status === 'ready' ? loaded.data : null);
  const training = status?.runs.some((run) => run.status === 'training') ?? false;
  const [horizon, setHorizon] = useState<HorizonDays>(30);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!training) return;
    let live = true;
    const timer = setInterval(() => {
      api.model.get().then((next) => live && setPolled(next), () => undefined);
    }, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, training]);

  if (loaded.status === 'error') return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!status) return <Loading />;

  async function train(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await api.model.train(horizon);
      setPolled(await api.model.get());
      setMessage({ ok: true, text: t('model.trainingStarted', { days: horizon }) });
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    } finally {
      setBusy(false);
    }
  }

  const published = status.published;
  return (
    <>
      <h1>{t('model.title')}</h1>
      <p className="muted">{t('model.intro')}</p>
      {can('trainModel') && (
        <form className="filters" onSubmit={(e) => void train(e)}>
          <HorizonSelect label="model.horizonChoice" value={horizon} onChange={setHorizon} />
          <button type="submit" className="primary" disabled={busy || training}>
            {t('model.train')}
          </button>
        </form>
      )}
      <FormMessage message={message} />
      {published?.card ? (
        <ModelCard model={{ ...published, card: published.card }} />
      ) : (
        <Empty title={t('model.none')}>
          <p>{t('model.noneHint')}</p>
        </Empty>
      )}
      <section aria-labelledby="runs">
        <h2 id="runs">{t('model.runs')}</h2>
        <TrainingRuns runs={status.runs} />
      </section>
    </>
  );
}
