import { describeCondition } from '../doctrine/compile-condition.js';
import type { Doctrine, SignalName, StageLabels } from '../doctrine/doctrine.js';
import type { AdviceCandidate, LeafCondition } from './advice-candidates.js';
import { percent, type StageConversion } from './advice-ordering.js';

/** Contacts who leave the edited stage and contacts who enter it, on the whole data. */
export interface StageMovers {
  readonly out: { readonly contacts: number; readonly converted: number };
  readonly in: { readonly contacts: number; readonly converted: number };
}

type Lang = 'en' | 'fr';

const FR_SIGNALS: Readonly<Record<SignalName, readonly [plural: string, one: string]>> = {
  pageViews: ['pages vues', 'page vue'],
  engagedSeconds: ["secondes d'engagement", "seconde d'engagement"],
  sessions: ['sessions', 'session'],
  offerViews: ["vues de page d'offre", "vue de page d'offre"],
  microConversions: ['micro-conversions', 'micro-conversion'],
  abandonedCarts: ['paniers abandonnés', 'panier abandonné'],
  purchases: ['achats', 'achat'],
  revenue: ["de chiffre d'affaires", "de chiffre d'affaires"],
  calls: ['appels', 'appel'],
  chats: ['conversations de chat', 'conversation de chat'],
  demoRequests: ['demandes de démo', 'demande de démo'],
  meetings: ['rendez-vous', 'rendez-vous'],
  emailOpens: ["ouvertures d'e-mail", "ouverture d'e-mail"],
  emailClicks: ["clics dans un e-mail", "clic dans un e-mail"],
};
const FR_UNITS: Readonly<Record<string, readonly [string, string]>> = { ms: ['ms', 'ms'], s: ['secondes', 'seconde'], m: ['minutes', 'minute'], h: ['heures', 'heure'], d: ['jours', 'jour'], w: ['semaines', 'semaine'], y: ['ans', 'an'] };

function frDuration(text: string): string {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text);
  if (!match) return text;
  const units = FR_UNITS[match[2]!]!;
  return `${match[1]!.replace('.', ',')} ${Number(match[1]) > 1 ? units[0] : units[1]}`;
}

function frRange(atLeast: number | undefined, atMost: number | undefined, noun: string, one: string): string {
  if (atLeast !== undefined && atMost !== undefined) return `entre ${atLeast} et ${atMost} ${noun}`;
  if (atMost !== undefined) return `au plus ${atMost} ${atMost > 1 ? noun : one}`;
  const lower = atLeast ?? 1;
  return `au moins ${lower} ${lower > 1 ? noun : one}`;
}

/** A leaf in French, as describeCondition writes it in English. */
function describeLeafFr(leaf: LeafCondition): string {
  if ('signal' in leaf || 'event' in leaf) {
    const [noun, one] = 'signal' in leaf ? FR_SIGNALS[leaf.signal] : [eventNounFr(leaf.event, leaf.where), eventNounFr(leaf.event, leaf.where)];
    const lower = leaf.atLeast === undefined && leaf.atMost === undefined ? 1 : leaf.atLeast;
    return `${frRange(lower, leaf.atMost, noun, one)}${leaf.within ? ` sur ${frDuration(leaf.within)}` : ''}`;
  }
  if ('trait' in leaf) return `attribut ${leaf.trait} ${leaf.op}${leaf.value === undefined ? '' : ` ${JSON.stringify(leaf.value)}`}`;
  if ('predicted' in leaf) return `probabilité d'achat prédite ${frRange(leaf.predicted.atLeast, leaf.predicted.atMost, '', '')}`.trim();
  return frRange(leaf.score.atLeast, leaf.score.atMost, 'points', 'point');
}

function eventNounFr(event: string, where: Readonly<Record<string, unknown>> | undefined): string {
  const filters = Object.entries(where ?? {}).map(([property, value]) => `${property} ${Array.isArray(value) ? value.join(' ou ') : String(value)}`);
  return filters.length === 0 ? `"${event}"` : `"${event}" avec ${filters.join(' et ')}`;
}

const quoted = (leaf: LeafCondition, lang: Lang) => (lang === 'en' ? `“${describeCondition(leaf)}”` : `« ${describeLeafFr(leaf)} »`);
const count = (n: number, lang: Lang) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'en' ? ',' : '\u202f');

function labelsAt(doctrine: Doctrine, index: number): StageLabels {
  return doctrine.stages[index]?.labels ?? doctrine.fallback.labels;
}

function action(candidate: AdviceCandidate, doctrine: Doctrine, lang: Lang): string {
  const stage = labelsAt(doctrine, candidate.stageIndex)[lang];
  const leaf = quoted(candidate.leaf, lang);
  switch (candidate.kind) {
    case 'drop_condition':
      return lang === 'en' ? `Stop counting ${leaf} as ${stage}` : `Ne plus compter ${leaf} comme ${stage}`;
    case 'move_condition': {
      const target = labelsAt(doctrine, candidate.targetIndex!)[lang];
      return lang === 'en' ? `Count ${leaf} as ${target} instead of ${stage}` : `Compter ${leaf} comme ${target} plutôt que ${stage}`;
    }
    case 'threshold':
    case 'window': {
      const replacement = quoted(candidate.replacement!, lang);
      return lang === 'en' ? `For ${stage}, require ${replacement} instead of ${leaf}` : `Pour ${stage}, exiger ${replacement} au lieu de ${leaf}`;
    }
  }
}

/**
 * The proposal in plain words: the edit, then how the contacts it moves convert against the stage below, e.g.
 * "Stop counting “at least one chat within 30d” as Lead (hot): the 973 contacts it moves out convert at 8.6 %, below
 * Prospect (warm) (43.5 %)." `before` and `after` are whole-data conversions in precedence order.
 */
export function summarizeProposal(candidate: AdviceCandidate, doctrine: Doctrine, facts: { before: readonly StageConversion[]; after: readonly StageConversion[]; movers: StageMovers }): { en: string; fr: string } {
  const { before, after, movers } = facts;
  const leaving = movers.out.contacts >= movers.in.contacts;
  const group = leaving ? movers.out : movers.in;
  const moversRate = group.contacts === 0 ? null : group.converted / group.contacts;
  const lowerIndex = candidate.stageIndex + 1;
  const lowerRate = before[lowerIndex]?.rate ?? null;
  const stageRate = (leaving ? after : before)[candidate.stageIndex]?.rate ?? null;
  const sentence = (lang: Lang): string => {
    const stage = labelsAt(doctrine, candidate.stageIndex)[lang];
    const lower = labelsAt(doctrine, lowerIndex)[lang];
    const n = count(group.contacts, lang);
    const rates = { movers: percent(moversRate, lang), lower: percent(lowerRate, lang), stage: percent(stageRate, lang) };
    const beyondLower = moversRate !== null && lowerRate !== null && (leaving ? moversRate < lowerRate : moversRate > lowerRate);
    if (lang === 'en') {
      const who = leaving ? `the ${n} contacts it moves out` : `the ${n} contacts it brings in`;
      const against = beyondLower ? `${leaving ? 'below' : 'above'} ${lower} (${rates.lower})` : leaving ? `against ${rates.stage} for those who stay` : `against ${rates.stage} for ${stage} before`;
      return `${action(candidate, doctrine, lang)}: ${who} convert at ${rates.movers}, ${against}.`;
    }
    const who = leaving ? `les ${n} contacts retirés` : `les ${n} contacts ajoutés`;
    const against = beyondLower ? `${leaving ? 'moins que' : 'plus que'} ${lower} (${rates.lower})` : leaving ? `contre ${rates.stage} pour ceux qui restent` : `contre ${rates.stage} pour ${stage} avant`;
    return `${action(candidate, doctrine, lang)} : ${who} convertissent à ${rates.movers}, ${against}.`;
  };
  return { en: sentence('en'), fr: sentence('fr') };
}
