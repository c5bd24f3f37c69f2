import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';

// Each status's tone reuses a temperature's colours: green went well, amber waits, red needs a look.
const TONES: Record<string, 'client' | 'warm' | 'hot' | 'cold' | 'none'> = {
  active: 'client',
  paused: 'warm',
  draft: 'none',
  queued: 'warm',
  sent: 'cold',
  delivered: 'cold',
  opened: 'client',
  clicked: 'client',
  bounced: 'hot',
  complained: 'hot',
  unsubscribed: 'none',
  failed: 'hot',
  suppressed: 'none',
  open: 'warm',
  done: 'client',
  snoozed: 'none',
  completed: 'client',
  exited: 'none',
};

/** A scenario's, send's, task's or enrolment's status, in words and colour. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${TONES[status] ?? 'none'}`}>{t(`status.${status}` as MessageKey)}</span>;
}
