import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { caller, demoScenario, thanksTemplate } from '../test-support/follow-up-fixtures.js';
import { signIn, type TestSession } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';
const WELCOME = thanksTemplate({ key: 'trial-welcome', name: 'Trial welcome', subject: 'Welcome to your trial, {{ contact.firstName }}' });
type Send = { id: string; contactId: string; status: string; messageId: string; channel: string; lastError: string | null };
type Task = { id: string; assignee: string; status: string; contactId: string; snoozedUntil: string | null };

for (const driver of testDrivers(import.meta.url)) {
  describe(`outbox, tasks and the contact's follow-ups on ${driver.name}`, () => {
    let t: TestServer;
    const as: Record<'marketer' | 'sales', TestSession> = {} as never;
    const marketer = caller(() => t.server, () => as.marketer);
    const sales = caller(() => t.server, () => as.sales);
    let scenarioId: string;
    let ana: string;
    let anonymous: string;

    beforeAll(async () => {
      t = await createTestServer({ store: await driver.createStore() });
      for (const role of ['marketer', 'sales'] as const) {
        await t.app.users.addUser({ email: `${role}@example.fr`, role, password: PASSWORD });
        as[role] = await signIn(t.server, `${role}@example.fr`, PASSWORD);
      }
      expect((await marketer('POST', '/api/v1/templates', thanksTemplate())).statusCode).toBe(201);
      const created = await marketer('POST', '/api/v1/scenarios?activate=true', demoScenario());
      expect(created.statusCode, created.body).toBe(201);
      scenarioId = created.json().id;
      const other = await marketer('POST', '/api/v1/scenarios?activate=true', demoScenario({ key: 'other-team', steps: [{ id: 'call', type: 'task', title: 'Qualify', assignee: { email: 'other@example.fr' }, due: '1d' }] }));
      expect(other.statusCode, other.body).toBe(201);
      // The trial welcome's template is deleted after the scenario was saved: its send becomes a dead letter.
      const welcome = await marketer('POST', '/api/v1/templates', WELCOME);
      const trial = await marketer('POST', '/api/v1/scenarios?activate=true', demoScenario({ key: 'trial', trigger: { type: 'event', event: 'Trial Started' }, steps: [{ id: 'welcome', type: 'send_email', template: 'trial-welcome' }] }));
      expect(trial.statusCode, trial.body).toBe(201);
      expect((await marketer('DELETE', `/api/v1/templates/${welcome.json().id}`)).statusCode).toBe(200);
      // Ana can be emailed; the other visitor unsubscribed (below).
      const ingested = await t.app.ingest(
        [
          { type: 'identify', userId: 'ana', traits: { email: 'ana@example.fr', firstName: 'Ana' } },
          { type: 'track', userId: 'ana', event: 'Demo Requested' },
          { type: 'track', userId: 'ana', event: 'Trial Started' },
          // Unsubscribed: its email is decided, then suppressed with the reason, never sent.
          { type: 'identify', anonymousId: 'visitor-9', traits: { email: 'visitor9@example.fr', unsubscribed: true } },
          { type: 'track', anonymousId: 'visitor-9', event: 'Demo Requested' },
        ],
        { receivedAt: t.app.now() },
      );
      expect(ingested.accepted).toBe(5);
      await t.app.runFollowUps();
      const lookup = (q: string) => marketer('GET', `/api/v1/contacts/lookup?${q}`).then((r) => r.json().id as string);
      ana = await lookup('userId=ana');
      anonymous = await lookup('anonymousId=visitor-9');
    });
    afterAll(async () => t?.close());

    it('lists the outbox with filters and pages, newest first', async () => {
      const all = await sales('GET', `/api/v1/sends?scenarioId=${scenarioId}`);
      expect(all.statusCode, all.body).toBe(200);
      const sends = all.json().sends as Send[];
      expect(sends.map((s) => [s.contactId, s.channel, s.status]).sort()).toEqual([[ana, 'email', 'sent'], [anonymous, 'email', 'suppressed']].sort());
      expect(sends[0]!.messageId).toMatch(/^<.+@.+>$/);
      const dead = (await sales('GET', '/api/v1/sends?status=failed')).json().sends as Send[];
      expect(dead.map((s) => s.contactId)).toEqual([ana]);
      expect(dead[0]!.lastError).toContain('no template "trial-welcome"');
      expect((await sales('GET', `/api/v1/sends?contactId=${ana}`)).json().sends.map((s: Send) => s.status).sort()).toEqual(['failed', 'sent']);
      const page = (await sales('GET', '/api/v1/sends?limit=1')).json();
      expect(page.sends).toHaveLength(1);
      expect(page.nextCursor).toEqual(expect.any(String));
      const next = (await sales('GET', `/api/v1/sends?limit=1&cursor=${encodeURIComponent(page.nextCursor)}`)).json();
      expect(next.sends[0].id).not.toBe(page.sends[0].id);
      for (const bad of ['status=lost', 'limit=0', 'limit=501']) {
        const response = await sales('GET', `/api/v1/sends?${bad}`);
        expect([response.statusCode, response.json().error.code], bad).toEqual([400, 'invalid_query']);
      }
    });

    it('shows one send, and retries a dead letter with the same Message-ID', async () => {
      const [dead] = (await sales('GET', '/api/v1/sends?status=failed')).json().sends as Send[];
      const [sent] = (await sales('GET', '/api/v1/sends?status=sent')).json().sends as Send[];
      expect((await sales('GET', `/api/v1/sends/${dead!.id}`)).json()).toMatchObject({ id: dead!.id, status: 'failed', attempts: 1 });
      const missing = await sales('GET', '/api/v1/sends/snd_nope');
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'send_not_found']);

      expect((await sales('POST', `/api/v1/sends/${dead!.id}/retry`)).json().error.code).toBe('forbidden');
      const notDead = await marketer('POST', `/api/v1/sends/${sent!.id}/retry`);
      expect([notDead.statusCode, notDead.json().error.code]).toEqual([409, 'send_not_retryable']);
      expect((await marketer('POST', '/api/v1/sends/snd_nope/retry')).statusCode).toBe(404);
      const retried = await marketer('POST', `/api/v1/sends/${dead!.id}/retry`);
      expect(retried.statusCode, retried.body).toBe(200);
      expect(retried.json()).toMatchObject({ id: dead!.id, status: 'queued', messageId: dead!.messageId });
      // The cause fixed (the template is back), the next drain sends it under the identity it was given when decided.
      expect((await marketer('POST', '/api/v1/templates', WELCOME)).statusCode).toBe(201);
      await t.app.runFollowUps();
      expect((await sales('GET', `/api/v1/sends/${dead!.id}`)).json()).toMatchObject({ status: 'sent', attempts: 2, messageId: dead!.messageId, subject: 'Welcome to your trial, Ana' });
    });

    it('shows the local test inbox, saying nothing left the machine', async () => {
      const inbox = await sales('GET', '/api/v1/sends/inbox?limit=10');
      expect(inbox.statusCode, inbox.body).toBe(200);
      const body = inbox.json();
      expect([body.local, body.smtp]).toEqual([true, false]);
      expect(body.messages.map((m: { subject: string }) => m.subject).sort()).toEqual(['Thanks, Ana', 'Welcome to your trial, Ana']);
      expect(body.messages[0]).toMatchObject({ to: expect.stringContaining('ana@example.fr'), text: expect.stringContaining('Hello Ana') });
      expect(body.messages[0].at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect((await sales('GET', '/api/v1/sends/inbox?limit=nope')).statusCode).toBe(400);
    });

    it("adds the contact's enrolments and sends to its document, and sent messages to its timeline", async () => {
      const doc = (await sales('GET', `/api/v1/contacts/${ana}`)).json();
      expect(doc.enrolments.map((e: { scenarioId: string }) => e.scenarioId)).toContain(scenarioId);
      expect(doc.enrolments[0]).toMatchObject({ contactId: ana, enteredAt: expect.stringMatching(/Z$/), history: expect.any(Array) });
      expect(doc.sends.map((x: Send) => [x.contactId, x.status])).toEqual([[ana, 'sent'], [ana, 'sent']]);
      const listed = (await sales('GET', '/api/v1/contacts?limit=5')).json().contacts[0];
      expect(listed.sends).toBeUndefined();
      const timeline = (await sales('GET', `/api/v1/contacts/${ana}/timeline`)).json().entries as { kind: string; send?: { status: string; subject: string } }[];
      expect(timeline.filter((e) => e.kind === 'send').map((e) => e.send!.subject).sort()).toEqual(['Thanks, Ana', 'Welcome to your trial, Ana']);
    });

    it('shows sales only their own tasks and lets them mark those done', async () => {
      const mine = await sales('GET', '/api/v1/tasks');
      expect(mine.statusCode, mine.body).toBe(200);
      const tasks = mine.json().tasks as Task[];
      expect(tasks.map((k) => k.contactId).sort()).toEqual([ana, anonymous].sort());
      expect(tasks.every((k) => k.assignee === 'sales@example.fr' && k.status === 'open')).toBe(true);
      expect((await sales('GET', '/api/v1/tasks?assignee=other@example.fr')).json().error.code).toBe('forbidden');
      expect((await sales('GET', '/api/v1/tasks?assignee=SALES@example.fr')).statusCode).toBe(200);
      const theirs = (await marketer('GET', '/api/v1/tasks?assignee=other@example.fr')).json().tasks as Task[];
      expect(theirs).toHaveLength(2);
      expect((await marketer('GET', '/api/v1/tasks')).json().tasks).toHaveLength(4);

      const done = await sales('PATCH', `/api/v1/tasks/${tasks[0]!.id}`, { status: 'done' });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ id: tasks[0]!.id, status: 'done', doneAt: expect.any(String) });
      expect((await sales('GET', '/api/v1/tasks?status=done')).json().tasks.map((k: Task) => k.id)).toEqual([tasks[0]!.id]);
      const handOff = await sales('PATCH', `/api/v1/tasks/${tasks[1]!.id}`, { assignee: 'other@example.fr' });
      expect([handOff.statusCode, handOff.json().error.code]).toEqual([403, 'forbidden']);
      const notMine = await sales('PATCH', `/api/v1/tasks/${theirs[0]!.id}`, { status: 'done' });
      expect([notMine.statusCode, notMine.json().error.code]).toEqual([404, 'task_not_found']);
      expect((await marketer('GET', '/api/v1/tasks?assignee=other@example.fr&status=open')).json().tasks).toHaveLength(2);
    });

    it('lets marketers snooze and reassign any task, and refuses bad patches', async () => {
      const [task] = (await marketer('GET', '/api/v1/tasks?assignee=other@example.fr')).json().tasks as Task[];
      const snoozed = await marketer('PATCH', `/api/v1/tasks/${task!.id}`, { status: 'snoozed', snoozedUntil: '2026-11-05' });
      expect(snoozed.json()).toMatchObject({ status: 'snoozed', snoozedUntil: '2026-11-05T00:00:00.000Z' });
      const moved = await marketer('PATCH', `/api/v1/tasks/${task!.id}`, { assignee: 'sales@example.fr', snoozedUntil: null });
      expect(moved.json()).toMatchObject({ assignee: 'sales@example.fr', snoozedUntil: null });
      expect((await sales('GET', '/api/v1/tasks')).json().tasks.map((k: Task) => k.id)).toContain(task!.id);
      for (const body of [{}, { status: 'lost' }, { assignee: 'not an email' }, { done: true }]) {
        const response = await marketer('PATCH', `/api/v1/tasks/${task!.id}`, body);
        expect([response.statusCode, response.json().error.code], JSON.stringify(body)).toEqual([400, 'invalid_body']);
      }
      const missing = await marketer('PATCH', '/api/v1/tasks/tsk_nope', { status: 'done' });
      expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'task_not_found']);
      expect((await sales('PATCH', '/api/v1/tasks/tsk_nope', { status: 'done' })).statusCode).toBe(404);
    });
  });
}
