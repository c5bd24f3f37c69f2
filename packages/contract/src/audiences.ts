import { z } from 'zod';

export const AUDIENCE_PLATFORM_VALUES = ['meta', 'google'] as const;
export const AUDIENCE_SYNC_STATUS_VALUES = ['ok', 'failed', 'refused'] as const;
/** Why members were left out of an export or a sync (docs/audiences.md). */
export const AUDIENCE_SKIP_REASON_VALUES = ['no_consent', 'no_identifier', 'invalid_email', 'invalid_phone'] as const;

const Platform = z.enum(AUDIENCE_PLATFORM_VALUES);

/** An audience as written by users: a segment (id or key) pushed to platforms. */
export const AudienceInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    segmentId: z.string().min(1).describe('The id or the key of the segment.'),
    platforms: z.array(Platform).min(1),
    settings: z
      .object({
        meta: z.object({ customAudienceId: z.string().min(1).optional() }).strict().optional().describe('An existing Custom Audience to fill; unset: the first sync creates one.'),
        google: z.object({ userListId: z.string().min(1).optional() }).strict().optional().describe('An existing user list (customers/{id}/userLists/{id}); unset: the first sync creates one.'),
      })
      .strict()
      .optional(),
  })
  .strict();

export const SyncResultSchema = z.object({
  platform: Platform,
  at: z.string(),
  added: z.number().int(),
  removed: z.number().int(),
  skipped: z.partialRecord(z.enum(AUDIENCE_SKIP_REASON_VALUES), z.number().int()).describe('Members left out, per reason.'),
  status: z.enum(AUDIENCE_SYNC_STATUS_VALUES),
  message: z.string().optional(),
});

export const AudienceDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  segmentId: z.string(),
  platforms: z.array(Platform),
  settings: AudienceInputSchema.shape.settings,
  createdAt: z.string(),
  updatedAt: z.string(),
  guard: z.object({
    sensitive: z.array(z.string()).describe('Sensitive categories the segment targets on: a push is refused while any is listed.'),
    belowMinimum: z.boolean().describe('Fewer consenting members than the platforms serve to (a warning).'),
    minimum: z.number().int(),
  }),
  lastSyncs: z.array(SyncResultSchema),
});

export const AudienceListSchema = z.object({ audiences: z.array(AudienceDocumentSchema) });
export const AudienceExportQuerySchema = z.object({ platform: Platform });
export const AudienceSyncBodySchema = z.object({ platforms: z.array(Platform).min(1).optional() }).strict();
export const AudienceSyncsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
export const AudienceSyncListSchema = z.object({ syncs: z.array(SyncResultSchema) });
export const AudienceSyncAnswerSchema = z.object({ results: z.array(SyncResultSchema) });

export type AudienceInput = z.infer<typeof AudienceInputSchema>;
export type AudienceDocument = z.infer<typeof AudienceDocumentSchema>;
export type SyncResult = z.infer<typeof SyncResultSchema>;
