import type { StageReport } from '@leadpulse/contract/client';
import type { Lang } from '../i18n/i18n.js';

export interface StageNames {
  /** The doctrine's own label of a stage key; the key itself when the doctrine no longer has it. */
  label(key: string): string;
  /** The temperature a stage stands for, for its colour; the key when it has none. */
  tone(key: string): string;
}

export function stageNames(stages: StageReport, lang: Lang): StageNames {
  const byKey = new Map(stages.stages.map((s) => [s.key, s]));
  return {
    label: (key) => byKey.get(key)?.labels[lang] ?? key,
    tone: (key) => byKey.get(key)?.temperature ?? key,
  };
}
