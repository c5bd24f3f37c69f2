import type { ContactUpdate } from '../app/ports.js';
import type { ContactDetailsTable, ContactFactsTable } from './schema.js';

/** Every column of contact_facts but the key, in one list for both engines' upserts. */
export const FACT_COLUMNS = [
  'first_seen_at', 'last_seen_at', 'cohort', 'first_source', 'first_medium', 'first_campaign', 'first_landing', 'last_source', 'last_medium', 'last_campaign',
  'stage', 'temperature', 'cold_at', 'warm_at', 'hot_at', 'client_at', 'revenue', 'orders', 'carts', 'checkouts', 'exit_path', 'pages', 'sessions', 'engaged',
] as const;

export function factsRowOf(update: ContactUpdate): ContactFactsTable {
  const f = update.facts;
  return {
    contact_id: update.id,
    first_seen_at: f.firstSeenAt,
    last_seen_at: f.lastSeenAt,
    cohort: f.cohort,
    first_source: f.firstSource,
    first_medium: f.firstMedium,
    first_campaign: f.firstCampaign,
    first_landing: f.firstLanding,
    last_source: f.lastSource,
    last_medium: f.lastMedium,
    last_campaign: f.lastCampaign,
    stage: f.stage,
    temperature: f.temperature,
    cold_at: f.reachedAt.cold,
    warm_at: f.reachedAt.warm,
    hot_at: f.reachedAt.hot,
    client_at: f.reachedAt.client,
    revenue: f.revenue,
    orders: f.orders,
    carts: f.carts,
    checkouts: f.checkouts,
    exit_path: f.exitPath,
    pages: f.pages,
    sessions: f.sessions,
    engaged: f.engagedSeconds,
  };
}

export const DETAIL_COLUMNS = ['traits', 'signals'] as const;

export function detailsRowOf(update: ContactUpdate): ContactDetailsTable {
  return { contact_id: update.id, traits: JSON.stringify(update.facts.traits), signals: update.facts.signals.join('|') };
}

