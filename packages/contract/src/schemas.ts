import { z } from 'zod';
import { ConsentDocumentSchema } from './consent.js';
import { ERROR_CODES } from './error-codes.js';
import { EnrolmentSchema, SendSchema } from './scenarios.js';

export const IssueSchema = z.object({
  index: z.number().int().optional().describe('Position of the event in the request, for ingestion errors.'),
  code: z.string().optional(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [keyof typeof ERROR_CODES, ...(keyof typeof ERROR_CODES)[]]),
    message: z.string(),
    issues: z.array(IssueSchema).optional(),
    accepted: z.number().int().optional(),
    requestId: z.string().optional(),
  }),
});

export const WindowedCountSchema = z.object({ lifetime: z.number(), last30d: z.number(), last90d: z.number(), last365d: z.number() });

export const TouchSchema = z
  .object({ at: z.string(), source: z.string().nullable(), medium: z.string().nullable(), campaign: z.string().nullable(), landingPath: z.string().nullable() })
  .nullable();

export const ReasonSchema = z.object({
  stage: z.string(),
  conditions: z.array(z.object({ condition: z.unknown(), text: z.string(), observed: z.union([z.number(), z.string(), z.boolean(), z.null()]), evidence: z.array(z.string()) })),
});

/** One feature behind a contact's predicted probability, with its words in English and French. */
export const PredictionFactorSchema = z.object({
  key: z.string(),
  labels: z.object({ en: z.string(), fr: z.string() }),
  value: z.number().nullable(),
  contribution: z.number().describe('Signed push on the log-odds of a purchase: positive makes it more likely.'),
});

export const ContactPredictionSchema = z.object({
  modelId: z.string(),
  horizonDays: z.number(),
  probability: z.number().describe('Calibrated: of contacts given 0.3, about 30 % buy within the horizon.'),
  factors: z.array(PredictionFactorSchema),
});

/** The pinned contact document (DESIGN 3.2). */
export const ContactDocumentSchema = z.object({
  id: z.string(),
  userId: z.string().nullable(),
  anonymousIds: z.array(z.string()),
  email: z.string().nullable(),
  traits: z.record(z.string(), z.unknown()),
  stage: z.string().describe('The stable stage key, e.g. "cold".'),
  stageLabel: z.string().describe('The label in the requested language (?lang=fr), English by default.'),
  stageLabels: z.object({ en: z.string(), fr: z.string() }),
  stageSince: z.string(),
  score: z.number(),
  scoreLines: z.array(z.object({ rule: z.string(), points: z.number() })),
  reasons: z.array(ReasonSchema),
  aggregates: z.object({
    signals: z.record(z.string(), WindowedCountSchema),
    firstSeenAt: z.string().nullable(),
    lastSeenAt: z.string().nullable(),
    lastPath: z.string().nullable(),
    firstTouch: TouchSchema,
    lastTouch: TouchSchema,
    events: z.number(),
  }),
  nextEvaluationAt: z.string().nullable(),
  doctrineVersion: z.number(),
  createdAt: z.string(),
  enrolments: z.array(EnrolmentSchema).optional().describe('GET /api/v1/contacts/{id} only: the contact\'s scenario enrolments, newest first (at most 20).'),
  sends: z.array(SendSchema).optional().describe('GET /api/v1/contacts/{id} only: the contact\'s sends, newest first (at most 20).'),
  consent: ConsentDocumentSchema.optional().describe('Consent per purpose (email_marketing, sms_marketing, ad_audiences, tracking): granted, source and instant.'),
  predicted: z.number().nullable().optional().describe("The published model's probability that the contact buys within its horizon, as of the contact's last evaluation; null without a model."),
  prediction: ContactPredictionSchema.optional().describe('GET /api/v1/contacts/{id} only, once a model is published: the probability now and the features behind it.'),
});

export const ContactListSchema = z.object({ contacts: z.array(ContactDocumentSchema), nextCursor: z.string().nullable() });

export const ContactListQuerySchema = z.object({
  stage: z.string().min(1).optional(),
  q: z.string().min(1).max(200).optional(),
  source: z.string().min(1).max(200).optional().describe('First-touch UTM source (channel), e.g. google.'),
  trait: z
    .string()
    .regex(/^[\w.-]{1,64}:.{1,200}$/, 'expected key:value, e.g. city:Lyon')
    .optional()
    .describe('A trait equal to a value, as key:value.'),
  seenAfter: z.iso.date().optional().describe('Last seen on or after this day (YYYY-MM-DD, UTC).'),
  seenBefore: z.iso.date().optional().describe('Last seen before this day (YYYY-MM-DD, UTC).'),
  segment: z.string().optional(),
  sort: z.enum(['newest', 'predicted']).optional().describe('newest (default) or predicted: by the purchase probability of the published model, highest first.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  lang: z.enum(['en', 'fr']).optional(),
});

export const LookupQuerySchema = z
  .object({ userId: z.string().min(1).optional(), anonymousId: z.string().min(1).optional(), email: z.string().min(1).optional(), lang: z.enum(['en', 'fr']).optional() })
  .refine((q) => [q.userId, q.anonymousId, q.email].filter(Boolean).length === 1, { message: 'give exactly one of userId, anonymousId or email' });

export const TimelineQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  before: z.coerce.number().int().optional().describe('Epoch milliseconds: entries strictly before this instant.'),
});

export const StageChangeSchema = z.object({
  id: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  at: z.string(),
  cause: z.enum(['event', 'time', 'merge', 'reclassify']),
  doctrineVersion: z.number(),
  score: z.number(),
  reasons: z.array(ReasonSchema),
});

export const TimelineEntrySchema = z.object({
  kind: z.enum(['event', 'stage_change', 'merge', 'send']),
  at: z.string(),
  event: z.record(z.string(), z.unknown()).optional(),
  change: StageChangeSchema.optional(),
  merge: z.record(z.string(), z.unknown()).optional(),
  send: z
    .object({ id: z.string(), channel: z.string(), status: z.string(), subject: z.string().nullable(), scenarioId: z.string().nullable(), stepId: z.string().nullable(), messageId: z.string(), sentAt: z.string().nullable() })
    .optional()
    .describe('A message sent to the contact by a scenario.'),
});

export const DoctrineVersionSchema = z.object({
  version: z.number(),
  doctrine: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  note: z.string().nullable(),
  active: z.boolean(),
});

export const MovesSchema = z.array(z.object({ from: z.string(), to: z.string(), count: z.number() }));

export const DoctrinePreviewSchema = z.object({
  contacts: z.number(),
  moved: z.number(),
  moves: MovesSchema,
  before: z.record(z.string(), z.number()),
  after: z.record(z.string(), z.number()),
});

export const ReclassifyReportSchema = z.object({ contacts: z.number(), events: z.number(), changed: z.number(), dryRun: z.boolean(), moves: MovesSchema });

export const StageReportSchema = z.object({
  total: z.number(),
  stages: z.array(z.object({ key: z.string(), labels: z.object({ en: z.string(), fr: z.string() }), temperature: z.string().nullable(), count: z.number() })),
});

export const KeySchema = z.object({
  id: z.string(),
  kind: z.enum(['write', 'admin']),
  label: z.string(),
  prefix: z.string(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const CreateKeyBodySchema = z.object({
  kind: z.enum(['write', 'admin']),
  label: z.string().min(1).max(100),
  allowedOrigins: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'an origin such as https://www.example.fr')).optional(),
});

export type ContactDocument = z.infer<typeof ContactDocumentSchema>;
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
