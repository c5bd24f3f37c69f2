/**
 * A platform's answer to one batch: taken (with the positions it refused on their own, Google's partial failure),
 * to try again later (5xx, 429, throttling, no answer, credentials), or refused whole (any other 4xx).
 */
export type PlatformAnswer =
  | { readonly kind: 'taken'; readonly refused: ReadonlyMap<number, string> }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'refused'; readonly error: string };

/** Sends one batch of payloads, as queued, to one platform. Never throws: failures are answers. */
export interface ConversionSender {
  /** Most payloads per request. */
  readonly batchMax: number;
  send(payloads: readonly Readonly<Record<string, unknown>>[]): Promise<PlatformAnswer>;
}

const TIMEOUT_MS = 15_000;

/** POSTs JSON and reads the JSON answer; a request that got no answer is worth trying again. */
export const postJson = (url: string, headers: Record<string, string>, body: unknown) => post(url, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

/** POSTs a form (OAuth's token endpoint). */
export const postForm = (url: string, fields: Record<string, string>) => post(url, { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(fields).toString());

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; json: unknown } | { status: 0; error: string }> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    const raw = await response.text();
    let json: unknown = null;
    try {
      json = raw === '' ? null : JSON.parse(raw);
    } catch {
      json = { unreadable: raw.slice(0, 200) };
    }
    return { status: response.status, json };
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string } };
    return { status: 0, error: failure.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : `unreachable: ${failure.message}${failure.cause?.code ? ` (${failure.cause.code})` : ''}` };
  }
}

/** 408, 429 and 5xx are the platform asking to come back; 401 and 403 are credentials an operator can fix. */
export const isRetryableStatus = (status: number): boolean => status === 0 || status === 408 || status === 429 || status >= 500 || status === 401 || status === 403;
