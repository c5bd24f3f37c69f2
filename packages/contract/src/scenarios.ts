import { z } from 'zod';

/** DESIGN 3.5 send statuses: `failed` is a dead letter (retryable by hand), `suppressed` was never sent. */
export const SEND_STATUS_VALUES = ['queued', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'failed', 'suppressed'] as const;
export const SCENARIO_STATUS_VALUES = ['draft', 'active', 'paused'] as const;
export const ENROLMENT_STATUS_VALUES = ['active', 'completed', 'exited'] as const;
export const TASK_STATUS_VALUES = ['open', 'done', 'snoozed'] as const;

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
/** A day (YYYY-MM-DD, its start in UTC) or an ISO date-time. */
const Instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * A scenario document as written by users (docs/scenarios.md). Only its outline is described here; the server
 * validates the whole document and answers `invalid_scenario` with issues naming each path.
 */
export const ScenarioInputSchema = z
  .object({
    key: z.string().describe('Stable slug, unique in a store: cold-nurture.'),
    name: z.string(),
    description: z.string().optional(),
    trigger: z.object({ type: z.enum(['stage_entered', 'stage_left', 'event', 'date', 'recurring', 'segment_entered']) }).loose(),
    steps: z.array(z.object({ id: z.string(), type: z.enum(['wait', 'branch', 'send_email', 'send_sms', 'sales_alert', 'task', 'webhook', 'update_contact', 'exit']), next: z.string().optional() }).loose()),
    exit: z.array(z.object({ type: z.enum(['event', 'stage', 'trigger_stage_left', 'unsubscribed']) }).loose()),
    reentry: z.object({ policy: z.enum(['never', 'after', 'always']), cooldown: z.string().optional() }),
    timezone: z.string().optional().describe('IANA time zone for local times; UTC when absent.'),
    frequencyCap: z.object({ messages: z.number().int(), within: z.string() }).optional(),
  })
  .loose();

/** One stored version of a scenario. */
export const ScenarioSchema = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  status: z.enum(SCENARIO_STATUS_VALUES),
  scenario: ScenarioInputSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A scenario with the active enrolments at each step (the flow view's counts). */
export const ScenarioViewSchema = ScenarioSchema.extend({ atStep: z.record(z.string(), z.number().int()) });
export const ScenarioListSchema = z.object({ scenarios: z.array(ScenarioViewSchema) });

export const CreateScenarioQuerySchema = z.object({ activate: z.enum(['true', 'false', '1', '0']).optional().describe('true: store it active at once (a draft otherwise).') });
export const UpdateScenarioQuerySchema = z.object({
  migrate: z.enum(['by_step', 'keep']).optional().describe('by_step (default): active enrolments move to the new version by step id; keep: they finish on their version.'),
});

export const EnrolmentSchema = z.object({
  id: z.string(),
  scenarioId: z.string(),
  scenarioVersion: z.number().int(),
  contactId: z.string(),
  status: z.enum(ENROLMENT_STATUS_VALUES),
  position: z.object({ stepId: z.string().nullable(), dueAt: z.string().nullable(), occurrence: z.number().int(), waitingSince: z.string().nullable() }),
  enteredAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), stepId: z.string().nullable(), what: z.string(), detail: z.string().optional() })),
  context: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export const EnrolmentQuerySchema = z.object({ status: z.enum(ENROLMENT_STATUS_VALUES).optional(), limit: limit(50, 500), cursor: z.string().min(1).optional() });
export const EnrolmentListSchema = z.object({ enrolments: z.array(EnrolmentSchema), nextCursor: z.string().nullable() });

export const SimulateBodySchema = z
  .object({
    contactIds: z.array(z.string().min(1)).max(1000).optional().describe('Stored contacts to run; without them and without events, the first `limit` live contacts.'),
    events: z.array(z.unknown()).max(100_000).optional().describe('Segment-spec events; the contacts are built from these alone, nothing is stored.'),
    from: Instant.optional().describe('Start of the virtual clock (default: 30 days before now, so recent moves and events are replayed).'),
    until: Instant.optional().describe('End of the virtual clock (default: 90 days after from).'),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export const SimulationLineSchema = z.object({
  at: z.string(),
  contactId: z.string().nullable(),
  what: z.enum(['enrolled', 'send_email', 'send_sms', 'sales_alert', 'task', 'webhook', 'update_contact', 'waiting', 'exited', 'completed']),
  stepId: z.string().nullable(),
  detail: z.string(),
});
export const SimulationSchema = z.object({
  from: z.string(),
  until: z.string(),
  contacts: z.number().int(),
  enrolled: z.number().int(),
  sends: z.number().int(),
  lines: z.array(SimulationLineSchema),
});

/** A template as written: Liquid over MJML (email) or Liquid text (SMS), in one language. */
export const TemplateInputSchema = z.object({
  key: z.string().describe('Stable slug that scenarios name; unique with locale.'),
  locale: z.enum(['en', 'fr']),
  channel: z.enum(['email', 'sms']),
  name: z.string(),
  subject: z.string().describe('Liquid; email only.'),
  body: z.string().describe('Liquid over MJML for email, Liquid text for SMS.'),
});
export const TemplateSchema = TemplateInputSchema.extend({ id: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const TemplateListSchema = z.object({ templates: z.array(TemplateSchema) });
export const TemplatePreviewQuerySchema = z.object({ contactId: z.string().min(1).optional().describe('A stored contact; a sample contact without it.') });
export const RenderedMessageSchema = z.object({ subject: z.string(), html: z.string(), text: z.string() });

export const SendSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  enrolmentId: z.string().nullable(),
  scenarioId: z.string().nullable(),
  contactId: z.string(),
  stepId: z.string().nullable(),
  channel: z.enum(['email', 'sms', 'alert', 'webhook']),
  status: z.enum(SEND_STATUS_VALUES),
  messageId: z.string().describe('Fixed when the send is decided; the same on every retry.'),
  recipient: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  subject: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  providerAnswer: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});
export const SendQuerySchema = z.object({
  contactId: z.string().min(1).optional(),
  scenarioId: z.string().min(1).optional(),
  status: z.enum(SEND_STATUS_VALUES).optional(),
  limit: limit(50, 500),
  cursor: z.string().min(1).optional(),
});
export const SendListSchema = z.object({ sends: z.array(SendSchema), nextCursor: z.string().nullable() });
export const InboxQuerySchema = z.object({ limit: limit(50, 500) });
export const InboxSchema = z.object({
  local: z.boolean().describe('True when no SMTP relay is configured: messages go to the local mail sink in the data directory and nothing leaves the machine.'),
  smtp: z.boolean().describe('True when LEADPULSE_SMTP_URL is set: messages leave through the relay, and the test inbox is empty.'),
  messages: z.array(z.object({ sendId: z.string(), messageId: z.string(), to: z.string(), subject: z.string(), html: z.string(), text: z.string(), at: z.string() })),
});

export const TaskSchema = z.object({
  id: z.string(),
  idempotencyKey: z.string(),
  contactId: z.string(),
  enrolmentId: z.string().nullable(),
  scenarioId: z.string().nullable(),
  title: z.string(),
  assignee: z.string(),
  status: z.enum(TASK_STATUS_VALUES),
  dueAt: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
});
export const TaskQuerySchema = z.object({
  assignee: z.string().min(1).max(320).optional().describe('An email; sales users see only their own tasks.'),
  status: z.enum(TASK_STATUS_VALUES).optional(),
  contactId: z.string().min(1).optional(),
  limit: limit(100, 1000),
});
export const TaskListSchema = z.object({ tasks: z.array(TaskSchema) });
export const UpdateTaskBodySchema = z
  .object({
    status: z.enum(TASK_STATUS_VALUES).optional(),
    assignee: z.email().max(320).optional(),
    snoozedUntil: Instant.nullable().optional().describe('Until when the task is snoozed; null to clear.'),
  })
  .strict()
  .refine((body) => body.status !== undefined || body.assignee !== undefined || body.snoozedUntil !== undefined, { message: 'give status, assignee or snoozedUntil' });

/** What the contact document adds: the contact's enrolments and sends, newest first. */
export const ContactFollowUpsSchema = z.object({ enrolments: z.array(EnrolmentSchema), sends: z.array(SendSchema) });

export type ScenarioInput = z.input<typeof ScenarioInputSchema>;
export type ScenarioDocument = z.output<typeof ScenarioSchema>;
export type ScenarioViewDocument = z.output<typeof ScenarioViewSchema>;
export type EnrolmentDocument = z.output<typeof EnrolmentSchema>;
export type SimulateBody = z.input<typeof SimulateBodySchema>;
export type SimulationDocument = z.output<typeof SimulationSchema>;
export type TemplateInput = z.input<typeof TemplateInputSchema>;
export type TemplateDocument = z.output<typeof TemplateSchema>;
export type RenderedMessageDocument = z.output<typeof RenderedMessageSchema>;
export type SendDocument = z.output<typeof SendSchema>;
export type SendStatusValue = (typeof SEND_STATUS_VALUES)[number];
export type InboxDocument = z.output<typeof InboxSchema>;
export type TaskDocument = z.output<typeof TaskSchema>;
export type TaskStatusValue = (typeof TASK_STATUS_VALUES)[number];
export type UpdateTaskBody = z.input<typeof UpdateTaskBodySchema>;
