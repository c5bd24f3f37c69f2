import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDrivers } from '../storage/test-support/test-drivers.js';
import { caller, demoScenario, thanksTemplate } from '../test-support/follow-up-fixtures.js';
import { signIn, type TestSession } from '../test-support/sign-in.js';
import { createTestServer, type TestServer } from '../test-support/test-server.js';

const PASSWORD = 'une phrase de passe';

for (const driver of testDrivers(import.meta.url)) {
  describe(`scenario and template routes on ${driver.name}`, () => {
    let t: TestServer;
    const as: Record<'marketer' | 'sales', TestSession> = {} as never;
    const marketer = caller(() => t.server, () => as.marketer);
    const sales = caller(() => t.server, () => as.sales);
    const admin = caller(() => t.server, () => ({ adminToken: t.adminToken }));

    beforeAll(async () => {
      t = await createTestServer({ store: await driver.createStore() });
      for (const role of ['marketer', 'sales'] as const) {
        await t.app.users.addUser({ email: `${role}@example.fr`, role, password: PASSWORD });
        as[role] = await signIn(t.server, `${role}@example.fr`, PASSWORD);
      }
    });
    afterAll(async () => t?.close());

    it('creates, reads, versions, activates, pauses and deletes a scenario', async () => {
      expect((await marketer('POST', '/api/v1/templates', thanksTemplate())).statusCode).toBe(201);
      const created = await marketer('POST', '/api/v1/scenarios', demoScenario());
      expect(created.statusCode, created.body).toBe(201);
      const scenario = created.json();
      expect(scenario).toMatchObject({ key: 'demo-follow-up', version: 1, status: 'draft', scenario: { name: 'Demo follow-up' } });
      expect(scenario.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);

      const got = await sales('GET', `/api/v1/scenarios/${scenario.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({ id: scenario.id, atStep: {} });
      const listed = (await sales('GET', '/api/v1/scenarios')).json().scenarios as { key: string }[];
      expect(listed.map((s) => s.key)).toContain('demo-follow-up');

      const renamed = await marketer('PUT', `/api/v1/scenarios/${scenario.id}?migrate=keep`, demoScenario({ name: 'Demo follow-up, v2' }));
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ id: scenario.id, version: 2, scenario: { name: 'Demo follow-up, v2' } });
      expect((await marketer('PUT', `/api/v1/scenarios/${scenario.id}?migrate=everything`, demoScenario())).json().error.code).toBe('invalid_query');

      expect((await marketer('POST', `/api/v1/scenarios/${scenario.id}/activate`)).json()).toMatchObject({ status: 'active' });
      expect((await marketer('POST', `/api/v1/scenarios/${scenario.id}/pause`)).json()).toMatchObject({ status: 'paused' });
      const enrolments = await sales('GET', `/api/v1/scenarios/${scenario.id}/enrolments?status=active&limit=10`);
      expect(enrolments.statusCode).toBe(200);
      expect(enrolments.json()).toEqual({ enrolments: [], nextCursor: null });
      expect((await sales('GET', `/api/v1/scenarios/${scenario.id}/enrolments?limit=0`)).statusCode).toBe(400);

      expect((await marketer('DELETE', `/api/v1/scenarios/${scenario.id}`)).json()).toEqual({ deleted: true });
      const gone = await sales('GET', `/api/v1/scenarios/${scenario.id}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().error.code).toBe('scenario_not_found');
      for (const [method, url] of [['PUT', ''], ['DELETE', ''], ['POST', '/activate'], ['POST', '/pause'], ['POST', '/simulate']] as const) {
        const response = await marketer(method, `/api/v1/scenarios/${scenario.id}${url}`, method === 'DELETE' ? undefined : demoScenario());
        expect([response.statusCode, response.json().error.code], `${method} ${url}`).toEqual(method === 'POST' && url === '/simulate' ? [400, 'invalid_body'] : [404, 'scenario_not_found']);
      }
    });

    it('creates a scenario active at once, and refuses a taken key with 409', async () => {
      const created = await marketer('POST', '/api/v1/scenarios?activate=true', demoScenario({ key: 'demo-active' }));
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().status).toBe('active');
      const again = await admin('POST', '/api/v1/scenarios', demoScenario({ key: 'demo-active' }));
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('scenario_key_taken');
    });

    it('refuses an invalid scenario with 400 and issues naming each path', async () => {
      const broken = demoScenario({
        key: 'broken',
        steps: [
          { id: 'split', type: 'branch', if: { stage: 'hot' }, then: 'nowhere', else: 'mail' },
          { id: 'mail', type: 'send_email', template: 'no-such-template' },
        ],
      });
      const response = await marketer('POST', '/api/v1/scenarios', broken);
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('invalid_scenario');
      const paths = (error.issues as { path: (string | number)[] }[]).map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['steps.0.then', 'steps.1.template']));
      expect((await marketer('POST', '/api/v1/scenarios', '{"key": ')).json().error.code).toBe('invalid_json');
      expect((await marketer('POST', '/api/v1/scenarios', [])).statusCode).toBe(400);
    });

    it('keeps sales away from every scenario and template write', async () => {
      const id = (await marketer('GET', '/api/v1/scenarios')).json().scenarios[0].id as string;
      const writes = [
        ['POST', '/api/v1/scenarios'],
        ['PUT', `/api/v1/scenarios/${id}`],
        ['DELETE', `/api/v1/scenarios/${id}`],
        ['POST', `/api/v1/scenarios/${id}/activate`],
        ['POST', `/api/v1/scenarios/${id}/pause`],
        ['POST', `/api/v1/scenarios/${id}/simulate`],
        ['POST', '/api/v1/templates'],
      ] as const;
      for (const [method, url] of writes) {
        const response = await sales(method, url, method === 'DELETE' ? undefined : demoScenario());
        expect([response.statusCode, response.json().error.code], `${method} ${url}`).toEqual([403, 'forbidden']);
      }
      expect((await marketer('GET', `/api/v1/scenarios/${id}`)).statusCode).toBe(200);
    });

    it('simulates a scenario over a given event list without storing or sending anything', async () => {
      const id = (await marketer('GET', '/api/v1/scenarios')).json().scenarios.find((s: { key: string }) => s.key === 'demo-active').id as string;
      const before = (await admin('GET', '/api/v1/sends')).json().sends.length;
      const events = [
        { type: 'identify', userId: 'sim-1', traits: { email: 'sim@example.fr', firstName: 'Sim' }, timestamp: '2026-10-03T10:00:00Z' },
        { type: 'track', userId: 'sim-1', event: 'Demo Requested', timestamp: '2026-10-03T10:05:00Z' },
      ];
      const response = await marketer('POST', `/api/v1/scenarios/${id}/simulate`, { events, from: '2026-10-03', until: '2026-10-20' });
      expect(response.statusCode, response.body).toBe(200);
      const run = response.json();
      expect(run).toMatchObject({ from: '2026-10-03T00:00:00.000Z', until: '2026-10-20T00:00:00.000Z', contacts: 1, enrolled: 1 });
      expect(run.sends).toBeGreaterThanOrEqual(1);
      expect(run.lines.map((l: { what: string }) => l.what)).toEqual(expect.arrayContaining(['enrolled', 'send_email', 'task']));
      expect((await admin('GET', '/api/v1/sends')).json().sends.length).toBe(before);
      const bad = await marketer('POST', `/api/v1/scenarios/${id}/simulate`, { from: 'yesterday', extra: 1 });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.issues.map((i: { path: string[] }) => i.path.join('.'))).toEqual(expect.arrayContaining(['from']));
    });

    it('creates, previews, updates and deletes a template', async () => {
      const created = await marketer('POST', '/api/v1/templates', thanksTemplate({ key: 'welcome', locale: 'fr', subject: 'Bienvenue {{ contact.firstName }}' }));
      expect(created.statusCode, created.body).toBe(201);
      const template = created.json();
      expect(template).toMatchObject({ key: 'welcome', locale: 'fr', channel: 'email' });
      expect((await sales('GET', `/api/v1/templates/${template.id}`)).json()).toEqual(template);
      expect((await sales('GET', '/api/v1/templates')).json().templates.map((x: { key: string }) => x.key)).toEqual(expect.arrayContaining(['demo-thanks', 'welcome']));

      const sample = await sales('GET', `/api/v1/templates/${template.id}/preview`);
      expect(sample.statusCode, sample.body).toBe(200);
      expect(sample.json()).toMatchObject({ subject: expect.stringContaining('Bienvenue'), html: expect.stringContaining('<html'), text: expect.any(String) });

      await t.app.ingest([{ type: 'identify', userId: 'u-preview', traits: { email: 'lea@example.fr', firstName: 'Léa' } }], { receivedAt: t.app.now() });
      const contact = (await admin('GET', '/api/v1/contacts/lookup?userId=u-preview')).json();
      const forLea = await sales('GET', `/api/v1/templates/${template.id}/preview?contactId=${contact.id}`);
      expect(forLea.json()).toMatchObject({ subject: 'Bienvenue Léa', text: expect.stringContaining('Hello Léa') });
      expect((await sales('GET', `/api/v1/templates/${template.id}/preview?contactId=nobody`)).statusCode).toBe(404);

      const updated = await marketer('PUT', `/api/v1/templates/${template.id}`, thanksTemplate({ key: 'welcome', locale: 'fr', subject: 'Salut' }));
      expect(updated.json()).toMatchObject({ id: template.id, subject: 'Salut' });
      const clash = await marketer('PUT', `/api/v1/templates/${template.id}`, thanksTemplate());
      expect([clash.statusCode, clash.json().error.code]).toEqual([409, 'template_key_taken']);
      expect((await marketer('POST', '/api/v1/templates', thanksTemplate())).json().error.code).toBe('template_key_taken');

      expect((await marketer('DELETE', `/api/v1/templates/${template.id}`)).json()).toEqual({ deleted: true });
      for (const [method, url] of [['GET', ''], ['PUT', ''], ['DELETE', ''], ['GET', '/preview']] as const) {
        const response = await marketer(method, `/api/v1/templates/${template.id}${url}`, method === 'PUT' ? thanksTemplate() : undefined);
        expect([response.statusCode, response.json().error.code], `${method} ${url}`).toEqual([404, 'template_not_found']);
      }
    });

    it('describes every scenario, template, send and task path in the OpenAPI document', async () => {
      const paths = (await t.server.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths;
      const expected: Record<string, string[]> = {
        '/api/v1/scenarios': ['get', 'post'],
        '/api/v1/scenarios/{id}': ['get', 'put', 'delete'],
        '/api/v1/scenarios/{id}/activate': ['post'],
        '/api/v1/scenarios/{id}/pause': ['post'],
        '/api/v1/scenarios/{id}/enrolments': ['get'],
        '/api/v1/scenarios/{id}/simulate': ['post'],
        '/api/v1/templates': ['get', 'post'],
        '/api/v1/templates/{id}': ['get', 'put', 'delete'],
        '/api/v1/templates/{id}/preview': ['get'],
        '/api/v1/templates/preview': ['post'],
        '/api/v1/sends': ['get'],
        '/api/v1/sends/inbox': ['get'],
        '/api/v1/sends/{id}': ['get'],
        '/api/v1/sends/{id}/retry': ['post'],
        '/api/v1/tasks': ['get'],
        '/api/v1/tasks/{id}': ['patch'],
      };
      for (const [path, methods] of Object.entries(expected)) expect(Object.keys(paths[path] ?? {}), path).toEqual(methods);
      expect(paths['/api/v1/sends'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['contactId', 'scenarioId', 'status', 'limit', 'cursor']);
    });

    it("previews an unsaved draft as it would be sent, and names a draft's Liquid error by line and column", async () => {
      const draft = { locale: 'en', channel: 'email', subject: 'Hi {{ contact.firstName }}', body: thanksTemplate().body };
      const rendered = await marketer('POST', '/api/v1/templates/preview', draft);
      expect(rendered.statusCode, rendered.body).toBe(200);
      expect(rendered.json()).toMatchObject({ subject: 'Hi Alex', html: expect.stringContaining('<html') });
      const broken = await marketer('POST', '/api/v1/templates/preview', { ...draft, subject: 'Hi {{ contact.firstName' });
      expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'invalid_template']);
      expect(broken.json().error.message).toMatch(/line:? 1.*col(umn)?:? \d+/i);
      expect((await sales('POST', '/api/v1/templates/preview', draft)).statusCode).toBe(403);
      expect((await marketer('GET', '/api/v1/templates')).json().templates.some((x: { key: string }) => x.key === 'draft')).toBe(false);
    });

    it('refuses a Liquid syntax error with 400, naming the line and column', async () => {
      const body = '<mjml><mj-body><mj-section><mj-column>\n<mj-text>\nHello {{ contact.firstName \n</mj-text></mj-column></mj-section></mj-body></mjml>';
      const response = await marketer('POST', '/api/v1/templates', thanksTemplate({ key: 'broken', body }));
      expect(response.statusCode).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('invalid_template');
      expect(error.message).toMatch(/line:? 3.*col(umn)?:? \d+/i);
      expect(error.issues[0].path[0]).toBe('body');
      const missing = await marketer('POST', '/api/v1/templates', { key: 'x', locale: 'de' });
      expect([missing.statusCode, missing.json().error.code]).toEqual([400, 'invalid_template']);
    });
  });
}
