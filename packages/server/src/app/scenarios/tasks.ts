import { err, ok, type DomainError } from '@leadpulse/core';
import type { Clock, Store } from '../ports.js';
import type { Tasks } from '../scenario-app.js';
import { identityFieldsOf } from './contact-event.js';

/**
 * The sales team's to-do list that scenarios fill. Completing or reassigning a task comes back as an event on the
 * contact (`Task Completed`, `Task Reassigned`), so scenarios and reports see it like any other activity.
 */
export function createTasks(deps: { store: Pick<Store, 'tasks' | 'contacts' | 'identities'>; clock: Clock; ingestEvent: (event: Record<string, unknown>) => Promise<void> }): Tasks {
  return {
    list: (query) => deps.store.tasks.list(query),
    async get(id) {
      const task = await deps.store.tasks.get(id);
      return task ? ok(task) : err<DomainError>({ code: 'task_not_found', message: `No task has the id ${id}.` });
    },
    async update(id, patch, by) {
      const task = await deps.store.tasks.get(id);
      if (!task) return err<DomainError>({ code: 'task_not_found', message: `No task has the id ${id}.` });
      const at = deps.clock.now().getTime();
      const doneAt = patch.status === 'done' ? (task.doneAt ?? at) : patch.status ? null : task.doneAt;
      await deps.store.tasks.update(id, { ...patch, doneAt });
      const name = patch.status === 'done' && task.status !== 'done' ? 'Task Completed' : patch.assignee && patch.assignee !== task.assignee ? 'Task Reassigned' : null;
      if (name) {
        const identity = await identityFieldsOf(deps.store, task.contactId);
        if (identity) {
          // The task's id and the change make the messageId: repeating the same PATCH records one event.
          await deps.ingestEvent({
            type: 'track',
            event: name,
            messageId: `task_${id}_${name === 'Task Completed' ? 'done' : `to_${patch.assignee}`}`,
            ...identity,
            timestamp: new Date(at).toISOString(),
            properties: { taskId: id, title: task.title, scenarioId: task.scenarioId, assignee: patch.assignee ?? task.assignee, by },
          });
        }
      }
      return ok((await deps.store.tasks.get(id))!);
    },
  };
}
