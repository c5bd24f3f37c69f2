import { z } from 'zod';

/** Website conversions forwarded to the ad platforms (docs/conversions.md). */
export const CONVERSION_PLATFORM_VALUES = ['meta', 'google'] as const;
export const CONVERSION_STATUS_VALUES = ['pending', 'sent', 'failed'] as const;

export const ConversionQuerySchema = z.object({
  status: z.enum(CONVERSION_STATUS_VALUES).optional(),
  platform: z.enum(CONVERSION_PLATFORM_VALUES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
});

export const ConversionDeliverySchema = z.object({
  id: z.string(),
  platform: z.enum(CONVERSION_PLATFORM_VALUES),
  eventId: z.string().describe('The LeadPulse event id (its messageId): the platform deduplicates on it (Meta event_id, Google order id when the event has none).'),
  eventName: z.string().describe('The platform event name: Purchase, Lead, AddToCart…'),
  contactId: z.string(),
  payload: z.record(z.string(), z.unknown()).describe("The event exactly as the platform receives it (identifiers hashed), without the batch's credentials."),
  status: z.enum(CONVERSION_STATUS_VALUES).describe('pending until the platform took it (sent) or refused it for good (failed, the dead letter).'),
  attempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastError: z.string().nullable().describe("The platform's message of the last failed attempt."),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
});

export const ConversionListSchema = z.object({
  platforms: z.array(z.enum(CONVERSION_PLATFORM_VALUES)).describe('The platforms configured now.'),
  deliveries: z.array(ConversionDeliverySchema),
  nextCursor: z.string().nullable(),
});
