import { normalizeEvent, type LeadEvent } from '@leadpulse/core';
import type { IngestContext, IngestOutcome } from '../app/leadpulse-app.js';

export interface ValidatedBatch {
  /** Valid events with their position in the request. */
  readonly valid: readonly { readonly index: number; readonly event: LeadEvent }[];
  /** Outcomes already decided here (rejected, or repeated within the request), by index. */
  readonly decided: ReadonlyMap<number, IngestOutcome>;
}

/** Step 1: each raw event is normalized on its own, so one bad event never affects its batch-mates. */
export function createValidateEventsStep(deps: { isBot: (userAgent: string) => boolean; generateId: () => string }) {
  return function validateEvents(raw: readonly unknown[], context: IngestContext): ValidatedBatch {
    const valid: { index: number; event: LeadEvent }[] = [];
    const decided = new Map<number, IngestOutcome>();
    const seen = new Set<string>();
    raw.forEach((candidate, index) => {
      const result = normalizeEvent(candidate, {
        receivedAt: context.receivedAt,
        impliedType: context.impliedType,
        fallbackId: context.idPrefix ? `${context.idPrefix}-${index}` : deps.generateId(),
        ip: context.ip,
        userAgent: context.userAgent,
        isBot: deps.isBot,
      });
      if (!result.ok) {
        decided.set(index, { index, status: 'rejected', issues: result.error });
        return;
      }
      if (seen.has(result.value.id)) {
        decided.set(index, { index, status: 'duplicate' });
        return;
      }
      seen.add(result.value.id);
      valid.push({ index, event: result.value });
    });
    return { valid, decided };
  };
}
