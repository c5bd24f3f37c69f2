import { expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ApiError, createAdminClient, type ContactPrediction, type DoctrineAdviceDocument, type ModelStatusDocument } from './client.js';
import type { DoctrineAdviceSchema, ModelStatusSchema } from './model.js';
import type { ContactDocument } from './schemas.js';

it("fits the server's documents: the types are checked by tsc, against the contract's schemas", () => {
  expectTypeOf<z.output<typeof ModelStatusSchema>>().toExtend<ModelStatusDocument>();
  expectTypeOf<z.output<typeof DoctrineAdviceSchema>>().toExtend<DoctrineAdviceDocument>();
  expectTypeOf<NonNullable<ContactDocument['prediction']>>().toExtend<ContactPrediction>();
});

function fakeServer(answer: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (url: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return Promise.resolve(answer(String(url), init));
  };
  const options = { csrfToken: () => 'csrf-1', fetch };
  return { api: createAdminClient(options), calls };
}

it('trains with the chosen horizon and the session’s CSRF token, and reads a refusal as an ApiError', async () => {
  const busy = { error: { code: 'training_in_progress', message: 'A model is being trained.' } };
  const { api, calls } = fakeServer(() => new Response(JSON.stringify(busy), { status: 409, headers: { 'content-type': 'application/json' } }));
  const refused = await api.model.train(90).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ApiError);
  expect(refused).toMatchObject({ status: 409, code: 'training_in_progress' });
  expect(calls[0]!.url).toBe('/api/v1/model/train');
  expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"horizonDays":90}', headers: { 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' } });
});

it('asks for the model, the advice for a horizon, and contacts by probability', async () => {
  const { api, calls } = fakeServer(() => new Response(JSON.stringify({ published: null, runs: [], contacts: [], nextCursor: null }), { status: 200 }));
  expect(await api.model.get()).toMatchObject({ published: null, runs: [] });
  await api.doctrine.advice(30);
  await api.contacts.list({ stage: 'hot', sort: 'predicted', limit: 50 });
  expect(calls.map((c) => [c.init.method, c.url])).toEqual([
    ['GET', '/api/v1/model'],
    ['GET', '/api/v1/reports/doctrine-advice?horizonDays=30'],
    ['GET', '/api/v1/contacts?stage=hot&sort=predicted&limit=50'],
  ]);
  expect(calls[0]!.init.headers).not.toHaveProperty('x-csrf-token');
});

it('reads an unreachable server as a network error', async () => {
  const options = { csrfToken: () => null, fetch: () => Promise.reject(new TypeError('Failed to fetch')) };
  const failed = await createAdminClient(options).model.get().catch((error: unknown) => error);
  expect(failed).toMatchObject({ code: 'network_error', message: 'Failed to fetch' });
});
