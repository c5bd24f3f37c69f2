import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEX64 = /^[0-9a-f]{64}$/;
const SCHEMA = ['EMAIL', 'PHONE', 'FN', 'LN', 'CT', 'ZIP', 'COUNTRY', 'DOBY', 'DOBM', 'DOBD', 'GEN', 'EXTERN_ID'];

/** One accepted request to /{audience_id}/users, as Meta would have received it. */
export interface FakeMetaBatch {
  readonly method: 'POST' | 'DELETE';
  readonly audienceId: string;
  readonly schema: readonly string[];
  readonly data: readonly (readonly string[])[];
  readonly session: { session_id: number; batch_seq: number; last_batch_flag: boolean; estimated_num_total: number };
}

export interface FakeMetaApi {
  /** LEADPULSE_META_API_URL pointing at this fake, version included. */
  readonly url: string;
  readonly accessToken: string;
  readonly adAccount: string;
  /** Custom audiences created, by id. */
  readonly audiences: Map<string, { name: string; members: Set<string> }>;
  readonly batches: FakeMetaBatch[];
  /** Answers the next `count` requests with this status and Meta's error body. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Meta's Marketing API (customer-list Custom Audiences): `POST /act_{id}/customaudiences`, then
 * `POST` and `DELETE /{audience_id}/users` with `{ payload: { schema, data }, session }`. It checks the shapes Meta
 * checks (bearer token, schema, 64-hex hashes, at most 10,000 rows) and keeps each audience's members
 * by their hashed email, or EXTERN_ID without one.
 */
export async function startFakeMetaApi(): Promise<FakeMetaApi> {
  const accessToken = 'fake-meta-token';
  const adAccount = 'act_1234567890';
  const audiences = new Map<string, { name: string; members: Set<string> }>();
  const batches: FakeMetaBatch[] = [];
  let failures: { status: number; count: number } | null = null;
  let nextId = 23850000000000;

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const refuse = (response: ServerResponse, status: number, message: string) => answer(response, status, { error: { message, type: 'OAuthException', code: 100 } });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures && failures.count > 0) {
        failures.count -= 1;
        return refuse(response, failures.status, 'Service temporarily unavailable');
      }
      if (request.headers.authorization !== `Bearer ${accessToken}`) return refuse(response, 401, 'Invalid OAuth access token.');
      const path = new URL(request.url ?? '/', 'http://fake').pathname.replace(/^\/v\d+\.\d+/, '');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        return refuse(response, 400, 'The body is not JSON.');
      }
      if (request.method === 'POST' && path === `/${adAccount}/customaudiences`) {
        if (body['subtype'] !== 'CUSTOM' || body['customer_file_source'] !== 'USER_PROVIDED_ONLY' || typeof body['name'] !== 'string') return refuse(response, 400, 'Invalid custom audience parameters.');
        const id = String(nextId++);
        audiences.set(id, { name: body['name'], members: new Set() });
        return answer(response, 200, { id });
      }
      const users = /^\/(\d+)\/users$/.exec(path);
      if (users && (request.method === 'POST' || request.method === 'DELETE')) {
        const audience = audiences.get(users[1]!);
        if (!audience) return refuse(response, 400, 'Unsupported post request: the audience does not exist.');
        const payload = body['payload'] as { schema?: unknown; data?: unknown } | undefined;
        const session = body['session'] as FakeMetaBatch['session'] | undefined;
        if (!payload || JSON.stringify(payload.schema) !== JSON.stringify(SCHEMA) || !Array.isArray(payload.data)) return refuse(response, 400, 'Invalid payload: schema and data are required.');
        if (payload.data.length > 10_000) return refuse(response, 400, 'Too many rows: at most 10000 per request.');
        if (payload.data.length === 0) return refuse(response, 400, 'Empty data.');
        if (!session || typeof session.session_id !== 'number' || typeof session.batch_seq !== 'number' || typeof session.last_batch_flag !== 'boolean') return refuse(response, 400, 'Invalid session.');
        const data = payload.data as string[][];
        for (const row of data) {
          if (!Array.isArray(row) || row.length !== SCHEMA.length) return refuse(response, 400, 'Each row has one value per schema key.');
          for (let i = 0; i < SCHEMA.length; i++) if (row[i] !== '' && !HEX64.test(row[i]!)) return refuse(response, 400, `${SCHEMA[i]} must be SHA-256 hashed (lowercase hex).`);
        }
        batches.push({ method: request.method, audienceId: users[1]!, schema: payload.schema as string[], data, session });
        for (const row of data) {
          const key = row[0] || row[SCHEMA.length - 1]!;
          if (request.method === 'POST') audience.members.add(key);
          else audience.members.delete(key);
        }
        return answer(response, 200, { audience_id: users[1], session_id: session.session_id, num_received: data.length, num_invalid_entries: 0, invalid_entry_samples: {} });
      }
      return refuse(response, 404, `Unknown path ${request.method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    accessToken,
    adAccount,
    audiences,
    batches,
    failNext(status, count = 1) {
      failures = { status, count };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
