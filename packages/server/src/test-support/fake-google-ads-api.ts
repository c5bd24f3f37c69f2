import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const HEX64 = /^[0-9a-f]{64}$/;

type Identifier = { hashedEmail?: string; hashedPhoneNumber?: string; addressInfo?: { hashedFirstName?: string; hashedLastName?: string; countryCode?: string; postalCode?: string } };
type Operation = { create?: { userIdentifiers: Identifier[]; consent?: unknown }; remove?: { userIdentifiers: Identifier[] } };

export interface FakeGoogleJob {
  readonly resourceName: string;
  readonly userList: string;
  readonly consent: unknown;
  readonly operations: Operation[];
  ran: boolean;
}

export interface FakeGoogleAdsApi {
  /** LEADPULSE_GOOGLE_ADS_API_URL pointing at this fake, version included. */
  readonly url: string;
  /** LEADPULSE_GOOGLE_OAUTH_URL pointing at this fake. */
  readonly oauthUrl: string;
  readonly credentials: { developerToken: string; customerId: string; clientId: string; clientSecret: string; refreshToken: string };
  /** User lists by resource name, with members (hashed email, or hashed phone without one) after each run. */
  readonly userLists: Map<string, { name: string; members: Set<string> }>;
  readonly jobs: FakeGoogleJob[];
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

const keyOf = (identifiers: Identifier[]) => identifiers.find((i) => i.hashedEmail)?.hashedEmail ?? identifiers.find((i) => i.hashedPhoneNumber)?.hashedPhoneNumber ?? JSON.stringify(identifiers);

function invalidIdentifier(identifier: Identifier): string | null {
  const keys = Object.keys(identifier);
  if (keys.length !== 1) return 'a UserIdentifier holds exactly one identifier';
  if (identifier.hashedEmail !== undefined && !HEX64.test(identifier.hashedEmail)) return 'hashedEmail must be SHA-256 hex';
  if (identifier.hashedPhoneNumber !== undefined && !HEX64.test(identifier.hashedPhoneNumber)) return 'hashedPhoneNumber must be SHA-256 hex';
  const address = identifier.addressInfo;
  if (address) {
    if (!HEX64.test(address.hashedFirstName ?? '') || !HEX64.test(address.hashedLastName ?? '')) return 'names must be SHA-256 hex';
    if (!/^[A-Z]{2}$/.test(address.countryCode ?? '')) return 'countryCode is an ISO alpha-2 code, not hashed';
    if (!address.postalCode || HEX64.test(address.postalCode)) return 'postalCode is sent in clear';
  }
  return null;
}

/**
 * A local stand-in for the Google Ads REST API's Customer Match: OAuth refresh, `userLists:mutate`,
 * `offlineUserDataJobs:create`, `{job}:addOperations` and `{job}:run`. It checks the headers, the identifiers' shapes
 * (hashed email, phone and names; country and postal code in clear), the consent, and at most 10,000 operations.
 */
export async function startFakeGoogleAdsApi(): Promise<FakeGoogleAdsApi> {
  const credentials = { developerToken: 'fake-dev-token', customerId: '123-456-7890', clientId: 'fake-client', clientSecret: 'fake-client-secret', refreshToken: 'fake-refresh-token' };
  const customer = '1234567890';
  const accessToken = 'ya29.fake-access-token';
  const userLists = new Map<string, { name: string; members: Set<string> }>();
  const jobs: FakeGoogleJob[] = [];
  let failures: { status: number; count: number } | null = null;
  let nextId = 7000;

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const refuse = (response: ServerResponse, status: number, message: string) => answer(response, status, { error: { code: status, message, status: status === 400 ? 'INVALID_ARGUMENT' : 'UNAVAILABLE' } });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (failures && failures.count > 0) {
        failures.count -= 1;
        return refuse(response, failures.status, 'The service is currently unavailable.');
      }
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      if (path === '/token') {
        const form = new URLSearchParams(text);
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== credentials.refreshToken || form.get('client_secret') !== credentials.clientSecret) return answer(response, 400, { error: 'invalid_grant' });
        return answer(response, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
      }
      if (request.headers.authorization !== `Bearer ${accessToken}` || request.headers['developer-token'] !== credentials.developerToken) return refuse(response, 401, 'Request is missing required authentication credential.');
      const route = path.replace(/^\/v\d+/, '');
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      if (route === `/customers/${customer}/userLists:mutate`) {
        const create = (body['operations'] as { create?: { name?: string; crmBasedUserList?: { uploadKeyType?: string } } }[] | undefined)?.[0]?.create;
        if (!create?.name || create.crmBasedUserList?.uploadKeyType !== 'CONTACT_INFO') return refuse(response, 400, 'A CRM-based user list with uploadKeyType CONTACT_INFO is required.');
        const resourceName = `customers/${customer}/userLists/${nextId++}`;
        userLists.set(resourceName, { name: create.name, members: new Set() });
        return answer(response, 200, { results: [{ resourceName }] });
      }
      if (route === `/customers/${customer}/offlineUserDataJobs:create`) {
        const job = body['job'] as { type?: string; customerMatchUserListMetadata?: { userList?: string; consent?: unknown } } | undefined;
        if (job?.type !== 'CUSTOMER_MATCH_USER_LIST' || !userLists.has(job.customerMatchUserListMetadata?.userList ?? '')) return refuse(response, 400, 'The job needs type CUSTOMER_MATCH_USER_LIST and an existing user list.');
        const resourceName = `customers/${customer}/offlineUserDataJobs/${nextId++}`;
        jobs.push({ resourceName, userList: job.customerMatchUserListMetadata!.userList!, consent: job.customerMatchUserListMetadata!.consent, operations: [], ran: false });
        return answer(response, 200, { resourceName });
      }
      const action = /^\/(customers\/\d+\/offlineUserDataJobs\/\d+):(addOperations|run)$/.exec(route);
      const job = action ? jobs.find((j) => j.resourceName === action[1]) : undefined;
      if (action && job) {
        if (job.ran) return refuse(response, 400, 'The job already ran.');
        if (action[2] === 'run') {
          job.ran = true;
          const list = userLists.get(job.userList)!;
          for (const op of job.operations) {
            if (op.create) list.members.add(keyOf(op.create.userIdentifiers));
            if (op.remove) list.members.delete(keyOf(op.remove.userIdentifiers));
          }
          return answer(response, 200, { name: `operations/${job.resourceName}` });
        }
        const operations = body['operations'] as Operation[] | undefined;
        if (!Array.isArray(operations) || operations.length === 0) return refuse(response, 400, 'operations are required.');
        if (operations.length > 10_000) return refuse(response, 400, 'Too many operations in one request.');
        for (const op of operations) {
          const identifiers = op.create?.userIdentifiers ?? op.remove?.userIdentifiers;
          if (!Array.isArray(identifiers) || identifiers.length === 0 || (op.create && op.remove)) return refuse(response, 400, 'Each operation creates or removes user identifiers.');
          const invalid = identifiers.map(invalidIdentifier).find((m) => m !== null);
          if (invalid) return refuse(response, 400, invalid);
        }
        job.operations.push(...operations);
        return answer(response, 200, {});
      }
      return refuse(response, 404, `Unknown path ${request.method} ${route}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v19`,
    oauthUrl: `http://127.0.0.1:${port}/token`,
    credentials,
    userLists,
    jobs,
    failNext(status, count = 1) {
      failures = { status, count };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
