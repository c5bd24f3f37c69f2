import type { ContactUpdate } from '../app/ports.js';
import { contactDetailsTable, contactFactsTable, type ContactDetailsTable, type ContactFactsTable } from './schema.js';

/** Every column of contact_facts but the key: what an upsert sets. */
export const FACT_COLUMNS = contactFactsTable.except('contact_id');

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

export const DETAIL_COLUMNS = contactDetailsTable.except('contact_id');

export function detailsRowOf(update: ContactUpdate): ContactDetailsTable {
  return { contact_id: update.id, traits: JSON.stringify(update.facts.traits), signals: update.facts.signals.join('|') };
}

