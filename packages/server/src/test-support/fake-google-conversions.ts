import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEX64 = /^[0-9a-f]{64}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const CONSENT = ['GRANTED', 'DENIED', 'UNSPECIFIED', 'UNKNOWN'];

export interface FakeGoogleConversions {
  /** LEADPULSE_GOOGLE_ADS_API_URL pointing at this fake, version included. */
  readonly url: string;
  /** LEADPULSE_GOOGLE_OAUTH_URL pointing at this fake's token endpoint. */
  readonly oauthUrl: string;
  readonly customerId: string;
  readonly developerToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** Conversions taken, by (conversion action, order id): Google counts one conversion per order id. */
  readonly conversions: Map<string, Record<string, unknown>>;
  readonly requests: number;
  /** Answers the next `count` upload requests with this status and Google's error body. */
  failNext(status: number, count?: number): void;
  /** Takes the next upload, then answers it with a 500: the answer is lost, the conversions are held. */
  loseNextAnswer(): void;
  close(): Promise<void>;
}

/** Why Google would refuse this conversion (a partial failure at its position), or null. */
function invalidConversion(c: Record<string, unknown>, customerId: string): string | null {
  if (!new RegExp(`^customers/${customerId}/conversionActions/\\d+$`).test(String(c['conversionAction']))) return 'The conversion action specified in the upload request cannot be found.';
  if (!DATE_TIME.test(String(c['conversionDateTime']))) return "conversion_date_time must be 'yyyy-mm-dd hh:mm:ss+|-hh:mm'.";
  const ids = c['userIdentifiers'];
  if (ids !== undefined) {
    if (!Array.isArray(ids) || ids.length > 5) return 'user_identifiers must be a list of at most 5 identifiers.';
    for (const id of ids as Record<string, unknown>[]) {
      const value = id['hashedEmail'] ?? id['hashedPhoneNumber'];
      if (typeof value !== 'string' || !HEX64.test(value)) return 'user identifiers must be SHA-256 hashes in lowercase hex.';
    }
  }
  const clicks = ['gclid', 'gbraid', 'wbraid'].filter((k) => c[k] !== undefined);
  if (clicks.length > 1) return 'Only one of gclid, gbraid or wbraid may be set.';
  if (clicks.length === 0 && ids === undefined) return 'The conversion has neither a click id nor user identifiers to match it.';
  if (c['conversionValue'] !== undefined && (typeof c['conversionValue'] !== 'number' || !/^[A-Z]{3}$/.test(String(c['currencyCode'])))) return 'conversion_value needs a currency_code.';
  const consent = c['consent'] as Record<string, unknown> | undefined;
  if (consent && (!CONSENT.includes(String(consent['adUserData'])) || (consent['adPersonalization'] !== undefined && !CONSENT.includes(String(consent['adPersonalization']))))) return 'consent values must be GRANTED or DENIED.';
  return null;
}

/**
 * A local stand-in for Google Ads' `POST /customers/{id}:uploadClickConversions` (and the OAuth token endpoint it
 * needs): bearer token and developer-token checked, at most 2,000 conversions, `partialFailure` required, each
 * refused conversion named in `partialFailureError` by its position as Google does, the others taken.
 */
export async function startFakeGoogleConversions(): Promise<FakeGoogleConversions> {
  const customerId = '1234567890';
  const secrets = { developerToken: 'fake-developer-token', clientId: 'fake-client-id', clientSecret: 'fake-client-secret', refreshToken: 'fake-refresh-token' };
  const accessToken = 'fake-google-access-token';
  const conversions = new Map<string, Record<string, unknown>>();
  let requests = 0;
  let failures: { status: number; count: number } | null = null;
  let loseAnswer = false;

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const googleError = (response: ServerResponse, status: number, grpc: string, message: string) => answer(response, status, { error: { code: status, message, status: grpc } });
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    if (request.method === 'POST' && request.url === '/token') {
      const form = new URLSearchParams(await read(request));
      const good = form.get('grant_type') === 'refresh_token' && form.get('client_id') === secrets.clientId && form.get('client_secret') === secrets.clientSecret && form.get('refresh_token') === secrets.refreshToken;
      return good ? answer(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/adwords' }) : answer(response, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
    }
    const match = /^\/v\d+\/customers\/(\d+):uploadClickConversions$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return googleError(response, 404, 'NOT_FOUND', 'The requested URL was not found on this server.');
    requests++;
    if (request.headers.authorization !== `Bearer ${accessToken}`) return googleError(response, 401, 'UNAUTHENTICATED', 'Request is missing required authentication credential.');
    if (request.headers['developer-token'] !== secrets.developerToken) return googleError(response, 401, 'UNAUTHENTICATED', 'The developer token is not valid.');
    if (failures && failures.count > 0) {
      failures.count--;
      return googleError(response, failures.status, failures.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT', `Simulated failure ${failures.status}`);
    }
    if (match[1] !== customerId) return googleError(response, 403, 'PERMISSION_DENIED', "The caller does not have permission: the customer isn't accessible.");
    let body: { conversions?: unknown; partialFailure?: unknown };
    try {
      body = JSON.parse(await read(request)) as typeof body;
    } catch {
      return googleError(response, 400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.');
    }
    if (body.partialFailure !== true) return googleError(response, 400, 'INVALID_ARGUMENT', 'Partial failure mode is required for this request.');
    if (!Array.isArray(body.conversions) || body.conversions.length === 0 || body.conversions.length > 2000) return googleError(response, 400, 'INVALID_ARGUMENT', 'conversions must hold 1 to 2000 items.');
    const errors: object[] = [];
    const results = (body.conversions as Record<string, unknown>[]).map((c, index) => {
      const invalid = invalidConversion(c, customerId);
      if (invalid) {
        errors.push({ errorCode: { conversionUploadError: 'INVALID_CONVERSION' }, message: invalid, location: { fieldPathElements: [{ fieldName: 'conversions', index }] } });
        return {};
      }
      const key = `${String(c['conversionAction'])}\u0000${String(c['orderId'])}`;
      if (conversions.has(key)) {
        errors.push({ errorCode: { conversionUploadError: 'ORDER_ID_ALREADY_IN_USE' }, message: 'The conversion has an order ID that has already been used.', location: { fieldPathElements: [{ fieldName: 'conversions', index }] } });
        return {};
      }
      conversions.set(key, c);
      return { gclid: c['gclid'], conversionAction: c['conversionAction'], conversionDateTime: c['conversionDateTime'] };
    });
    const partialFailureError =
      errors.length > 0
        ? { code: 3, message: `${errors.length} conversion(s) failed.`, details: [{ '@type': 'type.googleapis.com/google.ads.googleads.v19.errors.GoogleAdsFailure', errors }] }
        : undefined;
    if (loseAnswer) {
      loseAnswer = false;
      return googleError(response, 500, 'INTERNAL', 'Internal error encountered.');
    }
    return answer(response, 200, { results, ...(partialFailureError ? { partialFailureError } : {}) });
  }

  const server = createServer((request, response) => void handle(request, response).catch(() => googleError(response, 500, 'INTERNAL', 'Internal error encountered.')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v19`,
    oauthUrl: `http://127.0.0.1:${port}/token`,
    customerId,
    ...secrets,
    conversions,
    get requests() {
      return requests;
    },
    failNext(status, count = 1) {
      failures = { status, count };
    },
    loseNextAnswer() {
      loseAnswer = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
