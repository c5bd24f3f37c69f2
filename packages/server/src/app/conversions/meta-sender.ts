import type { MetaSettings } from './conversion-settings.js';
import { isRetryableStatus, postJson, type ConversionSender } from './platform-answer.js';

// Graph API error codes that mean "later": unknown/service errors, application and user rate limits, throttling.
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

/**
 * Meta's Conversions API: `POST /{pixel_id}/events` with `data[]` (at most 1,000 events), answered
 * `{ events_received, fbtrace_id }`, or `{ error: { message, type, code, error_user_msg, fbtrace_id } }`.
 */
export function createMetaSender(settings: MetaSettings): ConversionSender {
  return {
    batchMax: 500,
    async send(payloads) {
      const body = { data: payloads, access_token: settings.accessToken, ...(settings.testEventCode ? { test_event_code: settings.testEventCode } : {}) };
      const answer = await postJson(`${settings.apiUrl}/${encodeURIComponent(settings.pixelId)}/events`, {}, body);
      if ('error' in answer) return { kind: 'retry', error: `Meta ${answer.error}` };
      if (answer.status >= 200 && answer.status < 300) return { kind: 'taken', refused: new Map() };
      const error = (answer.json as { error?: { message?: string; error_user_msg?: string; code?: number; fbtrace_id?: string } } | null)?.error;
      const message = `Meta HTTP ${answer.status}${error?.code !== undefined ? ` code ${error.code}` : ''}: ${error?.error_user_msg ?? error?.message ?? 'no message'}${error?.fbtrace_id ? ` (fbtrace_id ${error.fbtrace_id})` : ''}`;
      const transient = isRetryableStatus(answer.status) || (error?.code !== undefined && TRANSIENT_CODES.has(error.code));
      return transient ? { kind: 'retry', error: message } : { kind: 'refused', error: message };
    },
  };
}
