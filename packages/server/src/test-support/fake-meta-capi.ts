import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEX64 = /^[0-9a-f]{64}$/;
const FBC = /^fb\.\d\.\d{10,16}\.[A-Za-z0-9._-]+$/;
const FBP = /^fb\.\d\.\d{10,16}\.\d+$/;
const ACTION_SOURCES = ['email', 'website', 'app', 'phone_call', 'chat', 'physical_store', 'system_generated', 'business_messaging', 'other'];
const SEVEN_DAYS_S = 7 * 24 * 3600;

/** One event Meta took, as it received it, and how many times it came (Meta keeps one per event_name and event_id). */
export interface FakeCapiEvent {
  readonly pixelId: string;
  readonly event: Record<string, unknown>;
  received: number;
}

export interface FakeMetaCapi {
  /** LEADPULSE_META_API_URL pointing at this fake, version included. */
  readonly url: string;
  readonly pixelId: string;
  readonly accessToken: string;
  /** Events kept, deduplicated on (event_name, event_id) as Meta deduplicates. */
  readonly events: Map<string, FakeCapiEvent>;
  /** Requests that reached /{pixel}/events. */
  readonly requests: number;
  /** Answers the next `count` requests with this status and Meta's error body (`code`: the Graph API error code). */
  failNext(status: number, count?: number, code?: number): void;
  close(): Promise<void>;
}

/** Why Meta would refuse this event (Graph API error 100, invalid parameter), or null. */
function invalidEvent(event: Record<string, unknown>, nowS: number): string | null {
  if (typeof event['event_name'] !== 'string' || event['event_name'] === '') return 'event_name is required';
  const time = event['event_time'];
  if (typeof time !== 'number' || !Number.isInteger(time)) return 'event_time must be a Unix timestamp in seconds';
  if (time < nowS - SEVEN_DAYS_S) return 'The timestamp for this event is more than 7 days in the past.';
  if (time > nowS + 60) return 'The timestamp for this event is in the future.';
  if (!ACTION_SOURCES.includes(String(event['action_source']))) return 'action_source is required and must be one of the supported values';
  const user = event['user_data'] as Record<string, unknown> | undefined;
  if (!user || typeof user !== 'object') return 'user_data is required';
  for (const key of ['em', 'ph', 'external_id']) {
    const values = user[key];
    if (values === undefined) continue;
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string' && HEX64.test(v))) return `user_data.${key} must be a list of SHA-256 hashes in lowercase hex`;
  }
  if (user['fbc'] !== undefined && !FBC.test(String(user['fbc']))) return 'user_data.fbc is not formatted as fb.1.<creation time>.<fbclid>';
  if (user['fbp'] !== undefined && !FBP.test(String(user['fbp']))) return 'user_data.fbp is not formatted as fb.1.<creation time>.<random number>';
  if (!['em', 'ph', 'external_id', 'fbp', 'fbc', 'client_ip_address'].some((k) => user[k] !== undefined)) return 'user_data needs at least one customer information parameter';
  if (event['action_source'] === 'website') {
    if (typeof user['client_user_agent'] !== 'string') return 'client_user_agent is required for website events';
    if (typeof event['event_source_url'] !== 'string') return 'event_source_url is required for website events';
  }
  if (event['event_name'] === 'Purchase') {
    const custom = event['custom_data'] as Record<string, unknown> | undefined;
    if (typeof custom?.['value'] !== 'number' || typeof custom['currency'] !== 'string' || !/^[A-Z]{3}$/.test(custom['currency'])) return 'Purchase events require custom_data.value and custom_data.currency';
  }
  return null;
}

/**
 * A local stand-in for Meta's Conversions API: `POST /{pixel_id}/events` with `{ data, access_token }`. It checks what
 * Meta checks (token, at most 1,000 events, each event's parameters as above: one invalid event fails the whole
 * request with error 100) and answers `{ events_received, messages, fbtrace_id }`.
 */
export async function startFakeMetaCapi(options: { now?: () => number } = {}): Promise<FakeMetaCapi> {
  const now = options.now ?? Date.now;
  const pixelId = '123456789012345';
  const accessToken = 'fake-capi-token';
  const events = new Map<string, FakeCapiEvent>();
  let requests = 0;
  let failures: { status: number; count: number; code: number } | null = null;
  let trace = 0;

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const error = (response: ServerResponse, status: number, code: number, message: string, type = 'OAuthException') =>
    answer(response, status, { error: { message, type, code, error_user_msg: message, fbtrace_id: `trace${++trace}` } });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const match = /^\/v\d+\.\d+\/(\d+)\/events$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return error(response, 400, 803, 'Unknown path components', 'OAuthException');
    requests++;
    if (failures && failures.count > 0) {
      failures.count--;
      return error(response, failures.status, failures.code, `Simulated failure ${failures.status}`, 'FacebookApiException');
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body: { data?: unknown; access_token?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return error(response, 400, 100, 'The request body is not JSON', 'GraphMethodException');
    }
    if (body.access_token !== accessToken) return error(response, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (match[1] !== pixelId) return error(response, 400, 100, `Unsupported post request. Object with ID '${match[1]}' does not exist`, 'GraphMethodException');
    if (!Array.isArray(body.data) || body.data.length === 0 || body.data.length > 1000) return error(response, 400, 100, 'data must hold 1 to 1000 events', 'GraphMethodException');
    const nowS = Math.floor(now() / 1000);
    for (const [index, event] of (body.data as Record<string, unknown>[]).entries()) {
      const invalid = invalidEvent(event, nowS);
      if (invalid) return error(response, 400, 100, `Invalid parameter: data[${index}]: ${invalid}`, 'OAuthException');
    }
    for (const event of body.data as Record<string, unknown>[]) {
      const key = `${String(event['event_name'])}\u0000${String(event['event_id'])}`;
      const seen = events.get(key);
      if (seen) seen.received++;
      else events.set(key, { pixelId, event, received: 1 });
    }
    return answer(response, 200, { events_received: body.data.length, messages: [], fbtrace_id: `trace${++trace}` });
  }

  const server = createServer((request, response) => void handle(request, response).catch(() => error(response, 500, 1, 'An unknown error occurred', 'FacebookApiException')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    pixelId,
    accessToken,
    events,
    get requests() {
      return requests;
    },
    failNext(status, count = 1, code = 2) {
      failures = { status, count, code };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
