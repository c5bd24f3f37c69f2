import { z } from 'zod';

export const EmailRecordStateSchema = z.enum(['found', 'missing', 'invalid', 'unreachable', 'not_configured']);
/** The state of one DNS record of the sending domain. */
export type EmailRecordState = z.infer<typeof EmailRecordStateSchema>;

/** `GET /api/v1/settings/email-domain`: the sending domain's SPF, DKIM and DMARC records, and what to publish. */
export const EmailDomainSchema = z.object({
  domain: z.string(),
  checkedAt: z.string(),
  reachable: z.boolean().describe('False when DNS could not be asked (no network): every record then says "could not check".'),
  records: z.array(
    z.object({
      kind: z.enum(['spf', 'dkim', 'dmarc']),
      name: z.string().describe('The DNS name looked up (TXT).'),
      state: EmailRecordStateSchema,
      found: z.array(z.string()),
      detail: z.string(),
      suggested: z.string().nullable().describe('The TXT record to publish at `name` when one is missing or wrong.'),
    }),
  ),
});
export type EmailDomainDocument = z.infer<typeof EmailDomainSchema>;

export const EmailFeedbackQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
  status: z.enum(['parsed', 'unparsed', 'unmatched']).optional(),
});

/** One bounce or complaint report received, as `GET /api/v1/email/feedback` lists it. */
export const EmailFeedbackSchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  source: z.enum(['webhook', 'maildir', 'cli']),
  status: z.enum(['parsed', 'unparsed', 'unmatched']),
  kind: z.enum(['bounce', 'complaint']).nullable(),
  reason: z.string().nullable(),
  sendId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  raw: z.string().describe('The report as received, cut at 64 KB.'),
});
export type EmailFeedbackDocument = z.infer<typeof EmailFeedbackSchema>;
export const EmailFeedbackListSchema = z.object({ reports: z.array(EmailFeedbackSchema), nextCursor: z.string().nullable() });

/** What `POST /api/v1/email/feedback` answers (202): what became of the report. */
export const EmailFeedbackReceiptSchema = EmailFeedbackSchema.pick({ id: true, status: true, kind: true, sendId: true, reason: true });
