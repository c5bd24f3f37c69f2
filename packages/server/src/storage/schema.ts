import type { ColumnType } from 'kysely';
import type { ConversionDeliveriesTable } from './conversion-table.js';
import type { PredictiveModelsTable } from './model-table.js';
import { defineTable, num, numOrNull, text, textOrNull, type RowOf } from './table.js';

/**
 * Every table, declared once (table.ts): Kysely's row types, the column lists of inserts and upserts, the SQLite fast
 * paths and the chunk sizes derive from these. Times are epoch milliseconds; JSON is stored as text on both engines.
 * Migrations keep their own DDL: they are history, and each one says what it changed.
 */

export const contactsTable = defineTable('contacts', {
  id: text,
  user_id: textOrNull,
  email: textOrNull,
  stage: text,
  stage_since: num,
  score: num,
  reasons: text,
  score_lines: text,
  state: text,
  next_eval_at: numOrNull,
  first_seen_at: numOrNull,
  last_seen_at: numOrNull,
  created_at: num,
  updated_at: num,
  merged_into: textOrNull,
  doctrine_version: num,
  /** The published predictive model's probability of a purchase within its horizon (migration 0019). */
  predicted: numOrNull,
});

export const identitiesTable = defineTable('identities', {
  kind: text,
  value: text,
  contact_id: text,
  created_at: num,
});

export const eventsTable = defineTable('events', {
  id: text,
  contact_id: text,
  /** The contact the event first belonged to, kept so a merge can be undone. */
  origin_contact_id: text,
  type: text,
  name: textOrNull,
  at: num,
  received_at: num,
  bot: num,
  internal: num,
  user_id: textOrNull,
  anonymous_id: textOrNull,
  payload: text,
});

export const stageChangesTable = defineTable('stage_changes', {
  id: text,
  contact_id: text,
  from_stage: textOrNull,
  to_stage: text,
  at: num,
  cause: text,
  doctrine_version: num,
  reasons: text,
  score: num,
});

export const mergesTable = defineTable('merges', {
  id: text,
  into_contact: text,
  from_contact: text,
  at: num,
  reason: text,
  event_id: textOrNull,
  identities: text,
});

export const doctrinesTable = defineTable('doctrines', {
  version: num,
  document: text,
  created_at: num,
  note: textOrNull,
  active: num,
});

export const apiKeysTable = defineTable('api_keys', {
  id: text,
  kind: text,
  label: text,
  hash: text,
  prefix: text,
  allowed_origins: text,
  created_at: num,
  revoked_at: numOrNull,
});

export const settingsTable = defineTable('settings', {
  key: text,
  value: text,
});

/** Indexes a large import dropped to build at its end (migration 0021), with the statement that rebuilds each. */
export const deferredIndexesTable = defineTable('deferred_indexes', {
  name: text,
  definition: text,
  deferred_at: num,
});

export const migrationsTable = defineTable('leadpulse_migrations', {
  id: text,
  applied_at: num,
});

export const contactFactsTable = defineTable('contact_facts', {
  contact_id: text,
  first_seen_at: numOrNull,
  last_seen_at: numOrNull,
  /** floor(last_seen_at / DAY): what segment indexes carry, since it changes at most once a day (migration 0020). */
  last_seen_day: numOrNull,
  cohort: textOrNull,
  first_source: textOrNull,
  first_medium: textOrNull,
  first_campaign: textOrNull,
  first_landing: textOrNull,
  last_source: textOrNull,
  last_medium: textOrNull,
  last_campaign: textOrNull,
  stage: text,
  temperature: textOrNull,
  cold_at: numOrNull,
  warm_at: numOrNull,
  hot_at: numOrNull,
  client_at: numOrNull,
  revenue: num,
  orders: num,
  carts: num,
  checkouts: num,
  exit_path: textOrNull,
  pages: num,
  sessions: num,
  engaged: num,
  // The typed demographics of core's profileOf (migration 0015), read by the segment prefilter.
  birth_date: numOrNull,
  age: numOrNull,
  gender: textOrNull,
  household_size: numOrNull,
  children: numOrNull,
  country: textOrNull,
  region: textOrNull,
  city: textOrNull,
  postal_code: textOrNull,
  latitude: numOrNull,
  longitude: numOrNull,
  /** Consent per purpose: 1 granted, 0 refused, null unknown. */
  consent_email: numOrNull,
  consent_sms: numOrNull,
  consent_ads: numOrNull,
  consent_tracking: numOrNull,
});

/** The wide part of a contact's facts, read only by trait groupings and sampled reads. */
export const contactDetailsTable = defineTable('contact_details', {
  contact_id: text,
  traits: text,
  /** Signal names joined by '|'. */
  signals: text,
});

export const costLinesTable = defineTable('cost_lines', {
  id: text,
  channel: text,
  campaign: textOrNull,
  kind: text,
  period_start: num,
  period_end: num,
  amount: num,
  currency: text,
  note: textOrNull,
  created_at: num,
  /** The segment a line is assigned to (migration 0018), or null for the whole channel. */
  segment_id: textOrNull,
});

export const usersTable = defineTable('users', {
  id: text,
  email: text,
  name: textOrNull,
  role: text,
  password_hash: text,
  created_at: num,
  disabled_at: numOrNull,
});

export const sessionsTable = defineTable('sessions', {
  id: text,
  user_id: text,
  csrf_token: text,
  created_at: num,
  expires_at: num,
  last_seen_at: num,
});

/** Contacts by report grouping value and UTC day of first contact, kept by triggers on contact_facts. */
export const factsRollupTable = defineTable('facts_rollup', {
  dim: text,
  value: text,
  day: num,
  contacts: num,
  cold: num,
  warm: num,
  hot: num,
  client: num,
  held_cold: num,
  held_warm: num,
  held_hot: num,
  cold_warm: num,
  warm_hot: num,
  hot_client: num,
  revenue: num,
});

/** Keyed hashes of erased identities (`identity`) and messageIds (`message`): no plain identifier. */
export const erasedKeysTable = defineTable('erased_keys', {
  hash: text,
  kind: text,
  erased_at: num,
});

/** One row per version of a scenario; `latest` (1 on the newest version only) carries the key's uniqueness and the lists. */
export const scenariosTable = defineTable('scenarios', {
  id: text,
  key: text,
  version: num,
  status: text,
  latest: num,
  document: text,
  created_at: num,
  updated_at: num,
});

export const templatesTable = defineTable('templates', {
  id: text,
  key: text,
  locale: text,
  channel: text,
  name: text,
  subject: text,
  body: text,
  created_at: num,
  updated_at: num,
});

/** One contact's position in one scenario; the position's columns are what claims and counts read. */
export const enrolmentsTable = defineTable('enrolments', {
  id: text,
  scenario_id: text,
  scenario_version: num,
  contact_id: text,
  status: text,
  step_id: textOrNull,
  due_at: numOrNull,
  occurrence: num,
  waiting_since: numOrNull,
  entered_at: num,
  ended_at: numOrNull,
  end_reason: textOrNull,
  history: text,
  context: text,
  updated_at: num,
});

/** The outbox: one row per decided effect, unique by idempotency key and by Message-ID. */
export const sendsTable = defineTable('sends', {
  id: text,
  idempotency_key: text,
  enrolment_id: textOrNull,
  scenario_id: textOrNull,
  contact_id: text,
  step_id: textOrNull,
  channel: text,
  status: text,
  message_id: text,
  recipient: textOrNull,
  payload: text,
  subject: textOrNull,
  attempts: num,
  next_attempt_at: numOrNull,
  last_error: textOrNull,
  provider_answer: textOrNull,
  created_at: num,
  sent_at: numOrNull,
  updated_at: num,
});

/** Sends that reached each point, per scenario, step, template, variant, group and UTC day (migration 0012, kept by triggers). */
export const campaignStatsTable = defineTable('campaign_stats', {
  scenario_id: text,
  step_id: text,
  template: text,
  variant: text,
  grp: text,
  day: num,
  decided: num,
  sent: num,
  delivered: num,
  opened: num,
  clicked: num,
  bounced: num,
  complained: num,
  unsubscribed: num,
  suppressed: num,
  failed: num,
});

/** Each enrolment's side of a measured scenario (treated or control), for the outcome report (migration 0012). */
export const campaignEnrolmentsTable = defineTable('campaign_enrolments', {
  enrolment_id: text,
  scenario_id: text,
  contact_id: text,
  grp: text,
  entered_at: num,
});

/**
 * The campaign outcome per scenario, group and UTC day of enrolment, kept by triggers (migration 0014): `enrolled`,
 * then for each h of CAMPAIGN_HORIZON_DAYS `goal_<temperature>_<h>`, `purchased_<h>`, `revenue_<h>`, `revenue_sq_<h>`
 * (read by name in campaign-reads.ts). campaign_enrolments also holds each enrolment's `orders_<h>` and `spent_<h>`,
 * which only the triggers write.
 */
export const campaignOutcomesTable = defineTable('campaign_outcomes', {
  scenario_id: text,
  grp: text,
  day: num,
  enrolled: num,
});

export const tasksTable = defineTable('tasks', {
  id: text,
  idempotency_key: text,
  contact_id: text,
  enrolment_id: textOrNull,
  scenario_id: textOrNull,
  title: text,
  assignee: text,
  status: text,
  due_at: num,
  created_at: num,
  done_at: numOrNull,
  snoozed_until: numOrNull,
});

/** The suppression list (migration 0011): one row per (channel, address, reason); an erased contact's address is a hash. */
export const suppressionsTable = defineTable('suppressions', {
  channel: text,
  address: text,
  reason: text,
  contact_id: textOrNull,
  at: num,
  source: text,
});

/** Bounce and complaint reports received (migration 0013): parsed, unparsed (with the reason) or unmatched. */
export const emailFeedbackTable = defineTable('email_feedback', {
  id: text,
  received_at: num,
  source: text,
  status: text,
  kind: textOrNull,
  reason: textOrNull,
  send_id: textOrNull,
  detail: textOrNull,
  raw: text,
});

/** Saved segments (migration 0015): the current definition (JSON) and version; `deleted_at` marks a soft delete. */
export const segmentsTable = defineTable('segments', {
  id: text,
  key: text,
  name: text,
  definition: text,
  version: num,
  /** 'building' while its membership is computed, then 'live'. */
  status: text,
  created_at: num,
  updated_at: num,
  deleted_at: numOrNull,
});

export const segmentVersionsTable = defineTable('segment_versions', {
  segment_id: text,
  version: num,
  definition: text,
  created_at: num,
});

export const segmentMembersTable = defineTable('segment_members', {
  segment_id: text,
  contact_id: text,
  entered_at: num,
});

/** Entries (entered 1) and exits (entered 0) of live segments, for the size over time. */
export const segmentMovesTable = defineTable('segment_moves', {
  segment_id: text,
  contact_id: text,
  at: num,
  entered: num,
});

/** Ad audiences (migration 0016): a segment pushed to platforms; `platforms` and `settings` are JSON. */
export const audiencesTable = defineTable('audiences', {
  id: text,
  name: text,
  segment_id: text,
  platforms: text,
  settings: text,
  created_at: num,
  updated_at: num,
  deleted_at: numOrNull,
});

/** One sync of one audience to one platform: counts, skipped reasons (JSON) and status. */
export const audienceSyncsTable = defineTable('audience_syncs', {
  id: text,
  audience_id: text,
  platform: text,
  at: num,
  added: num,
  removed: num,
  skipped: text,
  status: text,
  message: textOrNull,
});

/** What a platform holds now per contact: the hashed identifiers sent (JSON), to remove or detect a change. */
export const audienceSyncedTable = defineTable('audience_synced', {
  audience_id: text,
  platform: text,
  contact_id: text,
  hash: text,
});

export type ContactsTable = RowOf<typeof contactsTable>;
/**
 * contacts.segments (migration 0015): the ids of the live segments the contact is in, sorted, joined by '|'. Kept out
 * of contactsTable's columns so that contact saves and creations leave it alone: only the membership writes set it.
 */
export type ContactsRow = ContactsTable & { segments: ColumnType<string, string | undefined, string> };
export type SegmentsTable = RowOf<typeof segmentsTable>;
export type SegmentVersionsTable = RowOf<typeof segmentVersionsTable>;
export type SegmentMembersTable = RowOf<typeof segmentMembersTable>;
export type SegmentMovesTable = RowOf<typeof segmentMovesTable>;
export type IdentitiesTable = RowOf<typeof identitiesTable>;
export type EventsTable = RowOf<typeof eventsTable>;
export type StageChangesTable = RowOf<typeof stageChangesTable>;
export type MergesTable = RowOf<typeof mergesTable>;
export type DoctrinesTable = RowOf<typeof doctrinesTable>;
export type ApiKeysTable = RowOf<typeof apiKeysTable>;
export type SettingsTable = RowOf<typeof settingsTable>;
export type DeferredIndexesTable = RowOf<typeof deferredIndexesTable>;
export type MigrationsTable = RowOf<typeof migrationsTable>;
export type ContactFactsTable = RowOf<typeof contactFactsTable>;
export type ContactDetailsTable = RowOf<typeof contactDetailsTable>;
export type CostLinesTable = RowOf<typeof costLinesTable>;
export type UsersTable = RowOf<typeof usersTable>;
export type SessionsTable = RowOf<typeof sessionsTable>;
export type FactsRollupTable = RowOf<typeof factsRollupTable>;
export type ErasedKeysTable = RowOf<typeof erasedKeysTable>;
export type ScenariosTable = RowOf<typeof scenariosTable>;
export type TemplatesTable = RowOf<typeof templatesTable>;
export type EnrolmentsTable = RowOf<typeof enrolmentsTable>;
export type SendsTable = RowOf<typeof sendsTable>;
export type TasksTable = RowOf<typeof tasksTable>;
export type CampaignStatsTable = RowOf<typeof campaignStatsTable>;
export type CampaignEnrolmentsTable = RowOf<typeof campaignEnrolmentsTable>;
export type CampaignOutcomesTable = RowOf<typeof campaignOutcomesTable>;
export type SuppressionsTable = RowOf<typeof suppressionsTable>;

export type EmailFeedbackTable = RowOf<typeof emailFeedbackTable>;
export type AudiencesTable = RowOf<typeof audiencesTable>;
export type AudienceSyncsTable = RowOf<typeof audienceSyncsTable>;
export type AudienceSyncedTable = RowOf<typeof audienceSyncedTable>;

export interface Database {
  email_feedback: EmailFeedbackTable;
  audiences: AudiencesTable;
  audience_syncs: AudienceSyncsTable;
  audience_synced: AudienceSyncedTable;
  contacts: ContactsRow;
  segments: SegmentsTable;
  segment_versions: SegmentVersionsTable;
  segment_members: SegmentMembersTable;
  segment_moves: SegmentMovesTable;
  erased_keys: ErasedKeysTable;
  facts_rollup: FactsRollupTable;
  contact_facts: ContactFactsTable;
  contact_details: ContactDetailsTable;
  cost_lines: CostLinesTable;
  identities: IdentitiesTable;
  events: EventsTable;
  stage_changes: StageChangesTable;
  merges: MergesTable;
  doctrines: DoctrinesTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
  deferred_indexes: DeferredIndexesTable;
  users: UsersTable;
  sessions: SessionsTable;
  leadpulse_migrations: MigrationsTable;
  scenarios: ScenariosTable;
  templates: TemplatesTable;
  enrolments: EnrolmentsTable;
  sends: SendsTable;
  tasks: TasksTable;
  campaign_stats: CampaignStatsTable;
  campaign_enrolments: CampaignEnrolmentsTable;
  campaign_outcomes: CampaignOutcomesTable;
  suppressions: SuppressionsTable;
  conversion_deliveries: ConversionDeliveriesTable;
  predictive_models: PredictiveModelsTable;
}
