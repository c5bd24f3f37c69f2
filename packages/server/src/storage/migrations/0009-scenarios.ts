import { sql, type Kysely } from 'kysely';

/**
 * Follow-up scenarios (issue 14): scenario versions, message templates, enrolments, the outbox (sends) and sales
 * tasks. Written once: both engines accept this DDL, partial indexes included. JSON documents are text, times epoch
 * milliseconds. Every index below serves a query that must cost what it touches, never a scan of the whole table;
 * lists and claims order by (instant, id), so the id ends the index and no sort is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latest', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('scenarios_pkey', ['id', 'version'])
    .execute();
  // Old versions may keep a key another scenario took since; only the newest version of each id holds its key.
  await sql`create unique index scenarios_key on scenarios (key) where latest = 1`.execute(db);

  await db.schema
    .createTable('templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('templates_key_locale', ['key', 'locale'])
    .execute();

  await db.schema
    .createTable('enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scenario_id', 'text', (c) => c.notNull())
    .addColumn('scenario_version', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text')
    .addColumn('due_at', 'bigint')
    .addColumn('occurrence', 'integer', (c) => c.notNull())
    .addColumn('waiting_since', 'bigint')
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('end_reason', 'text')
    .addColumn('history', 'text', (c) => c.notNull())
    .addColumn('context', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The scheduler's claim: active enrolments in due order, read from the front of this index.
  await db.schema.createIndex('enrolments_due').on('enrolments').columns(['status', 'due_at', 'id']).execute();
  // A contact's enrolments (ingestion's trigger and exit checks, re-entry, the contact document, erase).
  await db.schema.createIndex('enrolments_contact').on('enrolments').columns(['contact_id', 'scenario_id', 'entered_at']).execute();
  // The flow view's counts by step: an index-only count of a scenario's active enrolments.
  await db.schema.createIndex('enrolments_scenario_step').on('enrolments').columns(['scenario_id', 'status', 'step_id']).execute();
  // A scenario's enrolments, newest first.
  await db.schema.createIndex('enrolments_scenario_entered').on('enrolments').columns(['scenario_id', 'entered_at', 'id']).execute();

  await db.schema
    .createTable('sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('enrolment_id', 'text')
    .addColumn('scenario_id', 'text')
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull().unique())
    .addColumn('recipient', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('provider_answer', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // The sender's claim: queued sends in due order.
  await db.schema.createIndex('sends_due').on('sends').columns(['status', 'next_attempt_at', 'id']).execute();
  // The outbox lists, newest first, whole or by contact (also frequency caps and erase), scenario or status.
  await db.schema.createIndex('sends_created').on('sends').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('sends_contact').on('sends').columns(['contact_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('sends_scenario').on('sends').columns(['scenario_id', 'created_at', 'id']).execute();
  // An enrolment's own sends, for branches on opens and clicks.
  await db.schema.createIndex('sends_enrolment').on('sends').columns(['enrolment_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('sends_status_created').on('sends').columns(['status', 'created_at', 'id']).execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('enrolment_id', 'text')
    .addColumn('scenario_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .execute();
  // A salesperson's tasks by status and due date; a contact's tasks (contact document, erase).
  await db.schema.createIndex('tasks_assignee').on('tasks').columns(['assignee', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_contact').on('tasks').columns(['contact_id', 'due_at']).execute();
}
