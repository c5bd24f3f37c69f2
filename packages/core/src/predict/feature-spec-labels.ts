import type { SignalName } from '../doctrine/doctrine.js';

/** EN and FR text of one feature column. */
export interface FeatureLabels {
  readonly en: string;
  readonly fr: string;
}

/** Plural nouns of the doctrine's signals in French (EN nouns are in doctrine/signal-tallies.ts). */
export const SIGNAL_NOUNS_FR: Readonly<Record<SignalName, string>> = {
  pageViews: 'pages vues',
  engagedSeconds: 'secondes d’attention',
  sessions: 'visites',
  offerViews: "vues de la page d'offre",
  microConversions: 'micro-conversions',
  abandonedCarts: 'paniers abandonnés',
  purchases: 'achats',
  revenue: "chiffre d'affaires",
  calls: 'appels',
  chats: 'conversations de chat',
  demoRequests: 'demandes de démo',
  meetings: 'rendez-vous',
  emailOpens: "ouvertures d'e-mails",
  emailClicks: "clics dans les e-mails",
};

/** "in the last 30 days" / "sur les 30 derniers jours"; null window = since the first visit. */
export function windowLabels(noun: FeatureLabels, windowDays: number | null): FeatureLabels {
  if (windowDays === null) return { en: `${noun.en}, all time`, fr: `${noun.fr}, depuis le début` };
  return { en: `${noun.en} in the last ${windowDays} days`, fr: `${noun.fr} sur les ${windowDays} derniers jours` };
}

export const eventNoun = (name: string): FeatureLabels => ({ en: `"${name}" events`, fr: `événements « ${name} »` });

export const filteredEventNoun = (name: string, where: string): FeatureLabels => ({
  en: `"${name}" events where ${where}`,
  fr: `événements « ${name} » où ${where}`,
});

export const OTHER_EVENTS_NOUN: FeatureLabels = { en: 'other events', fr: 'autres événements' };

export const FIXED_LABELS = {
  recency: { en: 'days since last seen', fr: 'jours depuis la dernière visite' },
  age: { en: 'days since first seen', fr: 'jours depuis la première visite' },
  stageDays: { en: 'days since first reaching the current stage', fr: "jours depuis l'entrée dans l'étape actuelle" },
} as const satisfies Record<string, FeatureLabels>;

export const touchLabels = (part: 'source' | 'medium', level: string | null): FeatureLabels => {
  const fr = part === 'source' ? 'source' : 'support';
  if (level === null) return { en: `first-touch ${part} is a rare one`, fr: `${fr} du premier contact peu fréquent(e)` };
  return { en: `first-touch ${part} is "${level}"`, fr: `${fr} du premier contact : « ${level} »` };
};

export const traitNumberLabels = (key: string): FeatureLabels => ({ en: `trait "${key}"`, fr: `attribut « ${key} »` });

export const traitLevelLabels = (key: string, level: string | null): FeatureLabels =>
  level === null
    ? { en: `trait "${key}" has a rare value`, fr: `attribut « ${key} » de valeur peu fréquente` }
    : { en: `trait "${key}" is "${level}"`, fr: `attribut « ${key} » vaut « ${level} »` };

export const stageLabels = (labels: FeatureLabels): FeatureLabels => ({ en: `stage is "${labels.en}"`, fr: `étape « ${labels.fr} »` });
