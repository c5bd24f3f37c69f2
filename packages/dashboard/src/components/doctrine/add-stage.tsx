import { TEMPERATURES } from '@leadpulse/core';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';

const SLUG = /^[a-z][a-z0-9-]*$/;

/** A new stage, last in precedence: a key, its labels and the temperature it reports as. */
export function AddStage({ taken, onAdd }: { taken: readonly string[]; onAdd: (stage: { key: string; en: string; fr: string; temperature: string }) => void }) {
  const { t } = useI18n();
  const [stage, setStage] = useState({ key: '', en: '', fr: '', temperature: '' });
  const problem = stage.key === '' ? null : !SLUG.test(stage.key) ? t('doctrine.keyFormat') : taken.includes(stage.key) ? t('doctrine.keyTaken') : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    if (problem || stage.key === '' || stage.en === '' || stage.fr === '') return;
    onAdd(stage);
    setStage({ key: '', en: '', fr: '', temperature: '' });
  }
  return (
    <form className="stage-form add-stage" onSubmit={submit} aria-labelledby="add-stage">
      <h2 id="add-stage">{t('doctrine.addStage')}</h2>
      <div className="grid-form">
        <label>
          {t('doctrine.stageKey')}
          <input value={stage.key} onChange={(e) => setStage({ ...stage, key: e.target.value.trim() })} placeholder="webinar-guest" aria-invalid={problem !== null} required />
        </label>
        <label>
          {t('doctrine.labelEn')}
          <input value={stage.en} onChange={(e) => setStage({ ...stage, en: e.target.value })} required />
        </label>
        <label>
          {t('doctrine.labelFr')}
          <input value={stage.fr} onChange={(e) => setStage({ ...stage, fr: e.target.value })} required />
        </label>
        <label>
          {t('doctrine.temperature')}
          <select value={stage.temperature} onChange={(e) => setStage({ ...stage, temperature: e.target.value })}>
            <option value="">{t('temperature.none')}</option>
            {TEMPERATURES.map((temperature) => (
              <option key={temperature} value={temperature}>
                {t(`temperature.${temperature}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && (
        <p className="error small" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" disabled={problem !== null}>
        {t('doctrine.addStageButton')}
      </button>
      <p className="muted small">{t('doctrine.addStageHint')}</p>
    </form>
  );
}
