import { PlatformRequestError } from './audience-platform.js';

export type Fetch = typeof fetch;

export interface RetryPolicy {
  readonly retries: number;
  /** First wait; each retry doubles it, and a Retry-After header (seconds) overrides it. */
  readonly baseMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, baseMs: 500 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A JSON request to a platform, retried with exponential backoff on 429, 5xx and network errors (both platforms
 * ask for it on rate limits). Any other error status fails at once with the platform's own message.
 */
export async function requestJson(fetchImpl: Fetch, url: string, init: RequestInit, retry: RetryPolicy = DEFAULT_RETRY): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetchImpl(url, init);
    } catch (error) {
      if (attempt >= retry.retries) throw new PlatformRequestError(`${new URL(url).host} unreachable: ${(error as Error).message}`, 0);
      await sleep(retry.baseMs * 2 ** attempt);
      continue;
    }
    const text = await response.text();
    if (response.ok) return text === '' ? {} : (JSON.parse(text) as unknown);
    const retriable = response.status === 429 || response.status >= 500;
    if (!retriable || attempt >= retry.retries) throw new PlatformRequestError(`${response.status} from ${new URL(url).pathname}: ${messageOf(text)}`, response.status);
    const after = Number(response.headers.get('retry-after'));
    await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 60_000) : retry.baseMs * 2 ** attempt);
  }
}

// Meta answers { error: { message } }, Google { error: { message, status } }.
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    return body.error?.message ?? text.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
