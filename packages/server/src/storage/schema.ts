/** Row shapes as Kysely sees them. Times are epoch milliseconds; JSON is stored as text on both engines. */
export interface ContactsTable {
  id: string;
  user_id: string | null;
  email: string | null;
  stage: string;
  stage_since: number;
  score: number;
  reasons: string;
  score_lines: string;
  state: string;
  next_eval_at: number | null;
  first_seen_at: number | null;
  last_seen_at: number | null;
  created_at: number;
  updated_at: number;
  merged_into: string | null;
  doctrine_version: number;
}
export interface IdentitiesTable {
  kind: string;
  value: string;
  contact_id: string;
  created_at: number;
}
export interface EventsTable {
  id: string;
  contact_id: string;
  /** The contact the event first belonged to, kept so a merge can be undone. */
  origin_contact_id: string;
  type: string;
  name: string | null;
  at: number;
  received_at: number;
  bot: number;
  internal: number;
  user_id: string | null;
  anonymous_id: string | null;
  payload: string;
}
export interface StageChangesTable {
  id: string;
  contact_id: string;
  from_stage: string | null;
  to_stage: string;
  at: number;
  cause: string;
  doctrine_version: number;
  reasons: string;
  score: number;
}
export interface MergesTable {
  id: string;
  into_contact: string;
  from_contact: string;
  at: number;
  reason: string;
  event_id: string | null;
  identities: string;
}
export interface DoctrinesTable {
  version: number;
  document: string;
  created_at: number;
  note: string | null;
  active: number;
}
export interface ApiKeysTable {
  id: string;
  kind: string;
  label: string;
  hash: string;
  prefix: string;
  allowed_origins: string;
  created_at: number;
  revoked_at: number | null;
}
export interface SettingsTable {
  key: string;
  value: string;
}
export interface MigrationsTable {
  id: string;
  applied_at: number;
}

export interface ContactFactsTable {
  contact_id: string;
  first_seen_at: number | null;
  last_seen_at: number | null;
  cohort: string | null;
  first_source: string | null;
  first_medium: string | null;
  first_campaign: string | null;
  first_landing: string | null;
  last_source: string | null;
  last_medium: string | null;
  last_campaign: string | null;
  stage: string;
  temperature: string | null;
  cold_at: number | null;
  warm_at: number | null;
  hot_at: number | null;
  client_at: number | null;
  revenue: number;
  orders: number;
  carts: number;
  checkouts: number;
  exit_path: string | null;
  pages: number;
  sessions: number;
  engaged: number;
}

/** The wide part of a contact's facts, read only by trait groupings and sampled reads. */
export interface ContactDetailsTable {
  contact_id: string;
  traits: string;
  /** Signal names joined by '|'. */
  signals: string;
}

export interface CostLinesTable {
  id: string;
  channel: string;
  campaign: string | null;
  kind: string;
  period_start: number;
  period_end: number;
  amount: number;
  currency: string;
  note: string | null;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string | null;
  role: string;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

/** Contacts by report grouping value and UTC day of first contact, kept by triggers on contact_facts. */
export interface FactsRollupTable {
  dim: string;
  value: string;
  day: number;
  contacts: number;
  cold: number;
  warm: number;
  hot: number;
  client: number;
  revenue: number;
}

/** Keyed hashes of erased identities (`identity`) and messageIds (`message`): no plain identifier. */
export interface ErasedKeysTable {
  hash: string;
  kind: string;
  erased_at: number;
}

export interface Database {
  contacts: ContactsTable;
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
  users: UsersTable;
  sessions: SessionsTable;
  leadpulse_migrations: MigrationsTable;
}
