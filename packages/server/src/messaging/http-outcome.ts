import { permanent, sent, transient, type DeliveryOutcome } from './courier.js';

/**
 * An HTTP provider's answer as an outcome: 2xx sent; 408 and 429 transient (the receiver asks to come back later);
 * 5xx transient; 3xx and other 4xx permanent, since the same request would get the same answer.
 */
export function outcomeOfHttpStatus(status: number, success: string, failure: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return sent(success);
  if (status === 408 || status === 429 || status >= 500) return transient(failure);
  if (status >= 300 && status < 400) return permanent(`${failure} (redirects are not followed: give the final URL)`);
  return permanent(failure);
}

/** The status and the start of the body, for a dead letter's reason. */
export async function describeHttpFailure(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  const excerpt = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt ? `: ${excerpt}` : ''}`;
}

/** A request that got no answer (refused, reset, timed out): worth trying again later. */
export function outcomeOfNetworkError(error: unknown, what: string, timeoutMs: number): DeliveryOutcome {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return transient(`${what} did not answer within ${timeoutMs} ms`);
  const cause = failure.cause?.code ?? failure.cause?.message;
  return transient(`${what} could not be reached: ${failure.message}${cause ? ` (${cause})` : ''}`);
}
