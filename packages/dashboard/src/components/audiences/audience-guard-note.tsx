import type { AudienceDocument } from '@leadpulse/contract/client';
import { useI18n } from '../../i18n/i18n.js';

/** What the platforms' rules say of this audience: refused for sensitive categories, or warned when too small. */
export function AudienceGuardNote({ guard }: { guard: AudienceDocument['guard'] }) {
  const { t, f } = useI18n();
  return (
    <>
      {guard.sensitive.length > 0 && (
        <p className="form-error" role="alert">
          {t('audiences.guard.sensitive', { categories: guard.sensitive.join(', ') })}
        </p>
      )}
      {guard.belowMinimum && <p className="note warn">{t('audiences.guard.belowMinimum', { minimum: f.number(guard.minimum) })}</p>}
      {guard.sensitive.length === 0 && !guard.belowMinimum && <p className="note ok">{t('audiences.guard.ok')}</p>}
    </>
  );
}
