import type { FastifyInstance } from 'fastify';
import { contactId } from '@leadpulse/core';
import { CreateScenarioQuerySchema, EnrolmentQuerySchema, SimulateBodySchema, UpdateScenarioQuerySchema } from '@leadpulse/contract';
import type { ScenarioAdmin } from '../../app/scenario-app.js';
import { instantFrom, toEnrolmentDocument, toScenarioDocument, toScenarioViewDocument, toSimulationDocument } from '../follow-up-documents.js';
import { parseBody, readJsonBody } from '../parse-body.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

type IdParams = { Params: { id: string } };

/** Scenarios (DESIGN 3.5): reading needs `read`; writing, activating and dry runs need `operate`. */
export function registerScenarioRoutes(http: FastifyInstance, app: { readonly scenarios: ScenarioAdmin }) {
  const scenarios = () => app.scenarios;

  http.get('/api/v1/scenarios', withAccess('read'), async () => ({ scenarios: (await scenarios().list()).map(toScenarioViewDocument) }));

  http.post('/api/v1/scenarios', withAccess('operate'), async (request, reply) => {
    const query = parseInput(CreateScenarioQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const activate = query.value.activate === 'true' || query.value.activate === '1';
    const created = await scenarios().create(body.value, { activate });
    return created.ok ? reply.code(201).send(toScenarioDocument(created.value)) : sendError(reply, created.error);
  });

  http.get<IdParams>('/api/v1/scenarios/:id', withAccess('read'), async (request, reply) => {
    const found = await scenarios().get(request.params.id);
    return found.ok ? toScenarioViewDocument(found.value) : sendError(reply, found.error);
  });

  http.put<IdParams>('/api/v1/scenarios/:id', withAccess('operate'), async (request, reply) => {
    const query = parseInput(UpdateScenarioQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const body = readJsonBody(request);
    if (!body.ok) return sendError(reply, body.error);
    const updated = await scenarios().update(request.params.id, body.value, query.value.migrate ? { migrate: query.value.migrate } : {});
    return updated.ok ? toScenarioDocument(updated.value) : sendError(reply, updated.error);
  });

  http.delete<IdParams>('/api/v1/scenarios/:id', withAccess('operate'), async (request, reply) => {
    const removed = await scenarios().remove(request.params.id);
    return removed.ok ? removed.value : sendError(reply, removed.error);
  });

  for (const action of ['activate', 'pause'] as const) {
    http.post<IdParams>(`/api/v1/scenarios/:id/${action}`, withAccess('operate'), async (request, reply) => {
      const changed = await scenarios()[action](request.params.id);
      return changed.ok ? toScenarioDocument(changed.value) : sendError(reply, changed.error);
    });
  }

  http.get<IdParams>('/api/v1/scenarios/:id/enrolments', withAccess('read'), async (request, reply) => {
    const query = parseInput(EnrolmentQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const page = await scenarios().enrolments(request.params.id, query.value);
    return page.ok ? { enrolments: page.value.enrolments.map(toEnrolmentDocument), nextCursor: page.value.nextCursor } : sendError(reply, page.error);
  });

  http.post<IdParams>('/api/v1/scenarios/:id/simulate', withAccess('operate'), async (request, reply) => {
    const body = parseBody(request, SimulateBodySchema);
    if (!body.ok) return sendError(reply, body.error);
    const { contactIds, events, from, until, limit } = body.value;
    const simulated = await scenarios().simulate(request.params.id, {
      ...(contactIds ? { contactIds: contactIds.map(contactId) } : {}),
      ...(events ? { events } : {}),
      ...(from ? { from: instantFrom(from) } : {}),
      ...(until ? { until: instantFrom(until) } : {}),
      ...(limit ? { limit } : {}),
    });
    return simulated.ok ? toSimulationDocument(simulated.value) : sendError(reply, simulated.error);
  });
}
