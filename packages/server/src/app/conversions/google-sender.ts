import type { GoogleSettings } from './conversion-settings.js';
import { createGoogleAccessToken } from './google-access-token.js';
import { isRetryableStatus, postJson, type ConversionSender } from './platform-answer.js';

interface GoogleError {
  readonly message?: string;
  readonly details?: readonly {
    readonly errors?: readonly {
      readonly errorCode?: Readonly<Record<string, string>>;
      readonly message?: string;
      readonly location?: { readonly fieldPathElements?: readonly { readonly fieldName?: string; readonly index?: number }[] };
    }[];
  }[];
}

// Google already holds this conversion: an earlier attempt was taken though its answer was lost. Not a refusal.
const ALREADY_TAKEN = new Set(['ORDER_ID_ALREADY_IN_USE', 'CLICK_CONVERSION_ALREADY_EXISTS']);

/** The positions a partial failure names, with the platform's message for each (those Google already holds left out). */
function refusedPositions(error: GoogleError | undefined): Map<number, string> {
  const refused = new Map<number, string>();
  for (const detail of error?.details ?? []) {
    for (const item of detail.errors ?? []) {
      const at = item.location?.fieldPathElements?.find((p) => p.fieldName === 'conversions')?.index;
      if (typeof at !== 'number' || ALREADY_TAKEN.has(item.errorCode?.['conversionUploadError'] ?? '')) continue;
      refused.set(at, `Google: ${item.message ?? error?.message ?? 'refused'}`);
    }
  }
  return refused;
}

/**
 * Google Ads `POST /customers/{id}:uploadClickConversions` with `partialFailure: true` (at most 2,000 conversions):
 * good conversions are taken and the refused ones are named in `partialFailureError` by their position.
 */
export function createGoogleSender(settings: GoogleSettings): ConversionSender {
  const accessToken = createGoogleAccessToken(settings.oauth);
  return {
    batchMax: 500,
    async send(payloads) {
      const token = await accessToken();
      if ('error' in token) return { kind: 'retry', error: token.error };
      const headers: Record<string, string> = {
        authorization: `Bearer ${token.token}`,
        'developer-token': settings.developerToken,
        ...(settings.loginCustomerId ? { 'login-customer-id': settings.loginCustomerId } : {}),
      };
      const answer = await postJson(`${settings.apiUrl}/customers/${encodeURIComponent(settings.customerId)}:uploadClickConversions`, headers, { conversions: payloads, partialFailure: true });
      if ('error' in answer) return { kind: 'retry', error: `Google ${answer.error}` };
      const json = answer.json as { partialFailureError?: GoogleError; error?: GoogleError & { status?: string } } | null;
      if (answer.status >= 200 && answer.status < 300) {
        const failure = json?.partialFailureError;
        const refused = refusedPositions(failure);
        // A partial failure that names no position is about the whole request.
        const positioned = failure?.details?.some((d) => d.errors?.some((e) => e.location?.fieldPathElements?.some((p) => p.fieldName === 'conversions')));
        if (failure && !positioned) return { kind: 'refused', error: `Google: ${failure.message ?? 'refused'}` };
        return { kind: 'taken', refused };
      }
      const message = `Google HTTP ${answer.status}${json?.error?.status ? ` ${json.error.status}` : ''}: ${json?.error?.details?.[0]?.errors?.[0]?.message ?? json?.error?.message ?? 'no message'}`;
      return isRetryableStatus(answer.status) ? { kind: 'retry', error: message } : { kind: 'refused', error: message };
    },
  };
}
