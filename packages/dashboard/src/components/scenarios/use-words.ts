import { useI18n } from '../../i18n/i18n.js';
import type { Words } from '../../scenario-words.js';
import { useSession } from '../../session.js';
import { useLoad } from '../../use-load.js';

/** The describers' context for this user: their language, and the doctrine's labels of the stages. */
export function useWords(): Words {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const stages = useLoad(() => api.stages(), [api]);
  const labels = new Map(stages.status === 'ready' ? stages.data.stages.map((s) => [s.key, s.labels[lang]] as const) : []);
  return { lang, t, f, stageLabel: (key) => labels.get(key) ?? key };
}
