import { getAt, type Json, type Path } from '../../doctrine-draft.js';
import { useI18n } from '../../i18n/i18n.js';

/** A stage's label in English and French, at `path` (a stage's or the fallback's `labels`). */
export function LabelInputs({ draft, path, edit }: { draft: Json; path: Path; edit: (path: Path, value: Json) => void }) {
  const { t } = useI18n();
  return (
    <>
      {(['en', 'fr'] as const).map((lang) => (
        <label key={lang}>
          {t(lang === 'en' ? 'doctrine.labelEn' : 'doctrine.labelFr')}
          <input value={String(getAt(draft, [...path, lang]) ?? '')} onChange={(e) => edit([...path, lang], e.target.value)} />
        </label>
      ))}
    </>
  );
}
