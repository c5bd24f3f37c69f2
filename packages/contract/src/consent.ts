import { z } from 'zod';

/** Consent purposes (DESIGN 3.5, issue 15). */
export const CONSENT_PURPOSE_VALUES = ['email_marketing', 'sms_marketing', 'ad_audiences', 'tracking'] as const;
export const SUPPRESSION_REASON_VALUES = ['unsubscribed', 'hard_bounced', 'complained', 'erased'] as const;
export const SUPPRESSION_CHANNEL_VALUES = ['email', 'sms'] as const;

export const ConsentStatusSchema = z.object({
  granted: z.boolean().nullable().describe('null: the contact never answered (no refusal: marketing may go).'),
  source: z.string().nullable().describe('Where the answer came from: api, import, identify, tracker, unsubscribe-page, one-click…'),
  at: z.string().nullable().describe('When, in event time (ISO 8601).'),
});
export const ConsentDocumentSchema = z.record(z.enum(CONSENT_PURPOSE_VALUES), ConsentStatusSchema);

/** PUT /api/v1/contacts/{id}/consent: one or more purposes answered at once, recorded as `Consent Updated` events. */
export const ConsentUpdateSchema = z
  .object({
    purposes: z.partialRecord(z.enum(CONSENT_PURPOSE_VALUES), z.boolean()).refine((p) => Object.keys(p).length > 0, 'name at least one purpose'),
    source: z.string().trim().min(1).max(64).default('api'),
  })
  .strict();

export const SuppressionSchema = z.object({
  channel: z.enum(SUPPRESSION_CHANNEL_VALUES),
  address: z.string().describe('Normalised address; `hash:…` for an erased contact (the address itself is not kept).'),
  reason: z.enum(SUPPRESSION_REASON_VALUES),
  contactId: z.string().nullable(),
  at: z.number(),
  source: z.string(),
});
export const SuppressionQuerySchema = z.object({
  channel: z.enum(SUPPRESSION_CHANNEL_VALUES).optional(),
  reason: z.enum(SUPPRESSION_REASON_VALUES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
});
export const SuppressionListSchema = z.object({ suppressions: z.array(SuppressionSchema), nextCursor: z.string().nullable() });
/** DELETE /api/v1/suppressions/{channel}/{address}: a complaint is lifted only with `confirm=true`. */
export const SuppressionLiftQuerySchema = z.object({ confirm: z.enum(['true', 'false']).optional() });
export const SuppressionLiftSchema = z.object({ lifted: z.number().int() });
