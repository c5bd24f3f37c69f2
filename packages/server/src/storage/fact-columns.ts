import { DAY, type Gender, type SegmentProfile } from '@leadpulse/core';
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
    last_seen_day: f.lastSeenAt === null ? null : Math.floor(f.lastSeenAt / DAY),
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
    ...profileColumnsOf(f.profile),
  };
}

const flag = (granted: boolean | null | undefined) => (granted === true ? 1 : granted === false ? 0 : null);

/** The profile's columns (consent: 1 granted, 0 refused, null unknown). */
function profileColumnsOf(p: SegmentProfile | undefined) {
  return {
    birth_date: p?.birthDate ?? null,
    age: p?.age ?? null,
    gender: p?.gender ?? null,
    household_size: p?.householdSize ?? null,
    children: p?.children ?? null,
    country: p?.country ?? null,
    region: p?.region ?? null,
    city: p?.city ?? null,
    postal_code: p?.postalCode ?? null,
    latitude: p?.latitude ?? null,
    longitude: p?.longitude ?? null,
    consent_email: flag(p?.consent.email_marketing),
    consent_sms: flag(p?.consent.sms_marketing),
    consent_ads: flag(p?.consent.ad_audiences),
    consent_tracking: flag(p?.consent.tracking),
  };
}

export const DETAIL_COLUMNS = contactDetailsTable.except('contact_id');

export function detailsRowOf(update: ContactUpdate): ContactDetailsTable {
  return { contact_id: update.id, traits: JSON.stringify(update.facts.traits), signals: update.facts.signals.join('|') };
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));
const granted = (value: number | null) => (value === null ? null : Number(value) === 1);

/** The profile back from its columns (the reports' facts rows). */
export function profileFromRow(row: ContactFactsTable): SegmentProfile {
  return {
    birthDate: numberOrNull(row.birth_date),
    age: numberOrNull(row.age),
    gender: row.gender as Gender | null,
    householdSize: numberOrNull(row.household_size),
    children: numberOrNull(row.children),
    country: row.country,
    region: row.region,
    city: row.city,
    postalCode: row.postal_code,
    latitude: numberOrNull(row.latitude),
    longitude: numberOrNull(row.longitude),
    consent: { email_marketing: granted(row.consent_email), sms_marketing: granted(row.consent_sms), ad_audiences: granted(row.consent_ads), tracking: granted(row.consent_tracking) },
  };
}
