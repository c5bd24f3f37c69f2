import type { Kysely } from 'kysely';
import type { TaskRepository } from '../app/scenario-ports.js';
import { taskFromRow } from './scenario-rows.js';
import type { Database, TasksTable } from './schema.js';

/** Sales tasks, in the order a salesperson works through them: soonest due first. */
export function createTaskRepository(db: Kysely<Database>): TaskRepository {
  return {
    async list(query) {
      let select = db.selectFrom('tasks').selectAll();
      if (query.assignee !== undefined) select = select.where('assignee', '=', query.assignee);
      if (query.status !== undefined) select = select.where('status', '=', query.status);
      if (query.contactId !== undefined) select = select.where('contact_id', '=', query.contactId);
      return (await select.orderBy('due_at').orderBy('id').limit(query.limit).execute()).map(taskFromRow);
    },
    async get(id) {
      const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? taskFromRow(row) : null;
    },
    async update(id, patch) {
      const set: Partial<TasksTable> = {};
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.assignee !== undefined) set.assignee = patch.assignee;
      if (patch.snoozedUntil !== undefined) set.snoozed_until = patch.snoozedUntil;
      if (patch.doneAt !== undefined) set.done_at = patch.doneAt;
      if (Object.keys(set).length === 0) return (await db.selectFrom('tasks').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
      const result = await db.updateTable('tasks').set(set).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
