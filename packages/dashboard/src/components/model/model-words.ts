import type { MessageKey } from '../../i18n/en.js';
import type { Lang } from '../../i18n/i18n.js';
import type { ModelRunDocument } from '@leadpulse/contract/client';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const PHASES = ['snapshots', 'survey', 'binning', 'logistic', 'boosting', 'calibration', 'refit', 'rescore'] as const;

/** What a training is doing now, in words; a phase this dashboard does not know keeps the server's name. */
export function phaseWords(phase: string, t: T): string {
  return (PHASES as readonly string[]).includes(phase) ? t(`model.phase.${phase}` as MessageKey) : phase;
}

/**
 * Why a run was refused or failed. The server's message is English and exact; in French the known refusals are
 * translated from their numbers, and anything else keeps the server's words.
 */
export function outcomeWords(outcome: NonNullable<ModelRunDocument['outcome']>, lang: Lang, t: T, formatAuc: (v: number) => string): string {
  if (lang === 'en') return outcome.message;
  const number = (key: string) => (typeof outcome[key] === 'number' ? (outcome[key] as number) : null);
  const auc = number('auc');
  if (outcome.code === 'too_few_outcomes') {
    const [needed, positives, negatives] = [number('needed'), number('positives'), number('negatives')];
    if (needed !== null && positives !== null && negatives !== null && (positives < needed || negatives < needed)) return t('model.outcome.tooFew', { needed, positives, negatives });
    return t('model.outcome.tooFewToValidate');
  }
  if (outcome.code === 'worse_than_doctrine' && auc !== null && number('baselineAuc') !== null) return t('model.outcome.worseThanDoctrine', { auc: formatAuc(auc), baseline: formatAuc(number('baselineAuc')!) });
  if (outcome.code === 'worse_than_previous' && auc !== null && number('previousAuc') !== null) return t('model.outcome.worseThanPrevious', { auc: formatAuc(auc), previous: formatAuc(number('previousAuc')!) });
  return outcome.message;
}
