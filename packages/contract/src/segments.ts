import { z } from 'zod';
import { ContactDocumentSchema } from './schemas.js';

export const SEGMENT_STATUS_VALUES = ['building', 'live'] as const;

/**
 * A segment definition as written by users (docs/segments.md). Only its outline is described here: the server
 * validates the whole condition tree and answers `invalid_segment` with issues naming each path (`where.all.0.age.atLeast`).
 */
const Condition = z.record(z.string(), z.unknown()).describe('A segment condition: all/any/not, or a leaf (trait, age, geo, stage, page, …).');
const PurchasingPower = z
  .object({
    measure: z.union([z.object({ trait: z.string() }), z.object({ spend: z.object({ within: z.string().optional() }) })]),
    bands: z.array(z.object({ key: z.string(), from: z.number().optional(), to: z.number().optional() })),
  })
  .describe('Bands of an income trait or of spend, from ≤ v < to.');

export const SegmentInputSchema = z
  .object({
    key: z.string().describe('Stable slug, unique in a store: warm-lyon-30-45.'),
    name: z.string(),
    description: z.string().optional(),
    where: Condition,
    purchasingPower: PurchasingPower.optional(),
  })
  .loose();

export const SegmentDocumentSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().optional(),
  where: Condition,
  purchasingPower: PurchasingPower.optional(),
  version: z.number().int(),
  status: z.enum(SEGMENT_STATUS_VALUES).describe('building while its membership is computed, then live.'),
  size: z.number().int().describe('Stored members (0 while building).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const SegmentListSchema = z.object({ segments: z.array(SegmentDocumentSchema) });

export const SegmentPreviewBodySchema = z.object({ where: Condition, purchasingPower: PurchasingPower.optional() }).loose();
export const SegmentPreviewSchema = z.object({
  count: z.number().int(),
  exact: z.boolean().describe('false: counted on the first candidates within the time budget and extrapolated.'),
  tookMs: z.number(),
  byStage: z.record(z.string(), z.number().int()),
  sample: z.array(ContactDocumentSchema).describe('At most 10 members (any ten, not an ordering).'),
});

export const SegmentContactsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  lang: z.enum(['en', 'fr']).optional(),
});
export const SegmentContactsSchema = z.object({ contacts: z.array(ContactDocumentSchema), nextCursor: z.string().nullable() });
export const SegmentBreakdownSchema = z.object({ byStage: z.array(z.object({ stage: z.string(), count: z.number().int() })) });
export const SegmentSizesQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(366).default(90) });
export const SegmentSizesSchema = z.object({ points: z.array(z.object({ day: z.iso.date(), size: z.number().int() })) });

/** The columns of a segment's CSV export, in order (RFC 4180; empty for unknown; consent as granted/refused/empty). */
export const SEGMENT_EXPORT_COLUMNS = [
  'id',
  'userId',
  'email',
  'stage',
  'score',
  'enteredAt',
  'birthDate',
  'age',
  'gender',
  'householdSize',
  'children',
  'country',
  'region',
  'city',
  'postalCode',
  'latitude',
  'longitude',
  'consentEmail',
  'consentSms',
  'consentAds',
  'consentTracking',
] as const;

export type SegmentInput = z.infer<typeof SegmentInputSchema>;
export type SegmentDocument = z.infer<typeof SegmentDocumentSchema>;
export type SegmentPreview = z.infer<typeof SegmentPreviewSchema>;
export type SegmentBreakdown = z.infer<typeof SegmentBreakdownSchema>;
export type SegmentSizes = z.infer<typeof SegmentSizesSchema>;
