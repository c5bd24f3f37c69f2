import { z } from 'zod';

/** The predictive score's model, its card and its training runs (docs/predictive-score.md). */
export const MODEL_RUN_STATUS_VALUES = ['training', 'published', 'refused', 'failed', 'retired'] as const;

export const TrainModelBodySchema = z.object({
  horizonDays: z.union([z.literal(30), z.literal(90), z.literal(180)]).default(30).describe('Predict a purchase within 30, 90 or 180 days.'),
});

const ReliabilityBinSchema = z.object({ from: z.number(), to: z.number(), predicted: z.number().nullable(), observed: z.number().nullable(), count: z.number() });

export const ModelCardSchema = z.object({
  trainedAt: z.number(),
  horizonDays: z.number(),
  rows: z.number().describe('Snapshots trained on: each contact pictured weekly until it bought or the data ended.'),
  positives: z.number(),
  from: z.number(),
  to: z.number(),
  validation: z.enum(['time', 'cross']).describe('time: trained on earlier snapshots, validated on the later 20 %; cross: k-fold.'),
  validationRows: z.number(),
  auc: z.number(),
  precisionAtTop10: z.number(),
  brier: z.number(),
  reliability: z.array(ReliabilityBinSchema),
  baselineAuc: z.number().nullable().describe("The doctrine's own ranking (stage, then score) on the same validation rows."),
  candidates: z.array(z.object({ kind: z.enum(['logistic', 'boosted']), auc: z.number() })),
  featureIssues: z.array(z.object({ key: z.string(), issue: z.enum(['constant', 'missing']) })),
});

export const ModelRunSchema = z.object({
  id: z.string(),
  status: z.enum(MODEL_RUN_STATUS_VALUES),
  horizonDays: z.number(),
  requestedAt: z.number(),
  finishedAt: z.number().nullable(),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number() }),
  kind: z.enum(['logistic', 'boosted']).nullable(),
  card: ModelCardSchema.nullable(),
  features: z.array(z.object({ key: z.string(), labels: z.object({ en: z.string(), fr: z.string() }) })).nullable().describe('The published model only.'),
  outcome: z.object({ code: z.string(), message: z.string() }).passthrough().nullable().describe('Why a run was refused (too_few_outcomes, worse_than_doctrine, worse_than_previous) or failed.'),
});

export const ModelStatusSchema = z.object({
  published: ModelRunSchema.nullable(),
  runs: z.array(ModelRunSchema).describe('The newest runs first.'),
});

export const DoctrineAdviceQuerySchema = z.object({
  horizonDays: z.coerce.number().int().min(1).max(365).default(90).describe('A contact converted when it bought within this many days after the instant pictured (default 90).'),
});

const StageConversionSchema = z.object({ stage: z.string(), contacts: z.number(), converted: z.number(), rate: z.number().nullable() });

export const DoctrineAdviceSchema = z.object({
  contacts: z.number().describe('Contacts pictured: each as it stood at its last weekly picture whose horizon has passed.'),
  before: z.array(StageConversionSchema),
  concordance: z.number().nullable(),
  ordered: z.boolean(),
  disorders: z.array(z.string()),
  candidates: z.number(),
  proposals: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['drop_condition', 'move_condition', 'threshold', 'window']),
      summary: z.object({ en: z.string(), fr: z.string() }),
      doctrine: z.record(z.string(), z.unknown()).describe('The whole edited doctrine: preview it with POST /api/v1/doctrine/preview, save it with PUT /api/v1/doctrine.'),
      before: z.array(StageConversionSchema),
      after: z.array(StageConversionSchema),
      moved: z.number(),
      gain: z.number(),
      folds: z.number(),
      disorders: z.array(z.string()),
    }),
  ),
});
