import type { TaskDocument, TaskStatusValue, UpdateTaskBody } from '../follow-up-documents.js';
import { useState, type FormEvent } from 'react';
import { FormMessage, useErrorText, type Message } from '../components/form-message.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { StatusBadge } from '../components/status-badge.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

const STATUSES = ['open', 'snoozed', 'done'] as const satisfies readonly TaskStatusValue[];
const DAY = 86_400_000;
const SNOOZES = [1, 3, 7] as const;

/** Sales tasks the scenarios created: a sales user's own, everyone's for admins and marketers, who may reassign them. */
export default function Tasks({ params }: { params: URLSearchParams }) {
  const { api, user, can } = useSession();
  const { t } = useI18n();
  const describe = useErrorText();
  const manager = can('followUps');
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as TaskStatusValue) : 'open';
  // Sales see their own tasks; the server refuses them anyone else's.
  const assignee = manager ? params.get('assignee') || undefined : user?.email;
  const tasks = useLoad(() => api.listTasks({ status, assignee, limit: 200 }), [api, status, assignee]);
  const [message, setMessage] = useState<Message>(null);

  async function update(task: TaskDocument, body: UpdateTaskBody, done: string) {
    setMessage(null);
    try {
      await api.updateTask(task.id, body);
      setMessage({ ok: true, text: done });
      tasks.reload();
    } catch (e) {
      setMessage({ ok: false, text: describe(asApiError(e)) });
    }
  }
  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    navigate('/tasks', { status: String(form.get('status') ?? ''), assignee: String(form.get('assignee') ?? '').trim() });
  }

  return (
    <>
      <h1>{manager ? t('tasks.title') : t('tasks.mine')}</h1>
      <form className="filters" onSubmit={filter} role="search">
        <label>
          {t('tasks.status')}
          <select name="status" defaultValue={status} key={status}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {manager && (
          <label>
            {t('tasks.assignee')}
            <input name="assignee" type="email" defaultValue={assignee ?? ''} key={assignee ?? ''} placeholder={t('tasks.anyone')} />
          </label>
        )}
        <button type="submit">{t('contacts.apply')}</button>
      </form>
      <FormMessage message={message} />
      {tasks.status === 'loading' && <Loading />}
      {tasks.status === 'error' && <ErrorBox error={tasks.error} onRetry={tasks.reload} />}
      {tasks.status === 'ready' &&
        (tasks.data.tasks.length === 0 ? (
          <Empty title={status === 'open' ? t('tasks.noneOpen') : t('tasks.none')} />
        ) : (
          <table className="tasks">
            <caption className="visually-hidden">{t('tasks.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tasks.due')}</th>
                <th scope="col">{t('tasks.task')}</th>
                <th scope="col">{t('contacts.contact')}</th>
                <th scope="col">{t('tasks.assignee')}</th>
                <th scope="col">{t('tasks.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {[...tasks.data.tasks]
                .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
                .map((task) => (
                  <TaskRow key={task.id} task={task} manager={manager} update={update} />
                ))}
            </tbody>
          </table>
        ))}
    </>
  );
}

type Update = (task: TaskDocument, body: UpdateTaskBody, done: string) => Promise<void>;

function TaskRow({ task, manager, update }: { task: TaskDocument; manager: boolean; update: Update }) {
  const { t, f } = useI18n();
  const [now] = useState(() => Date.now());
  const [snooze, setSnooze] = useState<number>(1);
  const [assignee, setAssignee] = useState(task.assignee);
  const overdue = task.status === 'open' && Date.parse(task.dueAt) < now;
  return (
    <tr className={overdue ? 'overdue' : undefined}>
      <td>
        <time dateTime={task.dueAt}>{f.dateTime(task.dueAt)}</time>
        {overdue && <strong className="overdue-flag"> {t('tasks.overdue')}</strong>}
        {task.status === 'snoozed' && task.snoozedUntil && <span className="muted small"> {t('tasks.snoozedUntil', { date: f.dateTime(task.snoozedUntil) })}</span>}
      </td>
      <td>
        {task.title} {task.status !== 'open' && <StatusBadge status={task.status} />}
        {task.scenarioId && (
          <span className="small">
            {' '}
            · <a href={href(`/scenarios/${task.scenarioId}`)}>{t('tasks.fromScenario')}</a>
          </span>
        )}
      </td>
      <td>
        <ContactName id={task.contactId} />
      </td>
      <td>{task.assignee}</td>
      <td>
        <div className="task-actions">
          {task.status !== 'done' && (
            <button type="button" onClick={() => void update(task, { status: 'done' }, t('tasks.doneMessage', { title: task.title }))}>
              {t('tasks.markDone')}
              <span className="visually-hidden">: {task.title}</span>
            </button>
          )}
          {task.status !== 'done' && (
            <span className="inline-form">
              <select value={snooze} onChange={(e) => setSnooze(Number(e.target.value))} aria-label={t('tasks.snoozeFor', { title: task.title })}>
                {SNOOZES.map((days) => (
                  <option key={days} value={days}>
                    {f.duration(days * DAY)}
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => void update(task, { status: 'snoozed', snoozedUntil: new Date(now + snooze * DAY).toISOString() }, t('tasks.snoozedMessage', { title: task.title }))}>
                {t('tasks.snooze')}
                <span className="visually-hidden">: {task.title}</span>
              </button>
            </span>
          )}
          {manager && task.status !== 'done' && (
            <span className="inline-form">
              <input type="email" value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-label={t('tasks.reassignTo', { title: task.title })} size={18} />
              <button type="button" disabled={assignee.trim() === '' || assignee === task.assignee} onClick={() => void update(task, { assignee: assignee.trim() }, t('tasks.reassigned', { email: assignee.trim() }))}>
                {t('tasks.reassign')}
                <span className="visually-hidden">: {task.title}</span>
              </button>
            </span>
          )}
        </div>
      </td>
    </tr>
  );
}

/** The contact's email (or id) as a link; each row asks for its own contact. */
function ContactName({ id }: { id: string }) {
  const { api } = useSession();
  const contact = useLoad(() => api.contacts.get(id), [api, id]);
  const label = contact.status === 'ready' ? (contact.data.email ?? contact.data.userId ?? id) : id;
  return <a href={href(`/contacts/${id}`)}>{label}</a>;
}
