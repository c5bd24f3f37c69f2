import type { BlockingPoints, CampaignRow, CostLine, CostReport, SegmentCostRow, DailyShare, DoctrineCheck, ReportTable, ScenarioResult, Temperature, TransitionMatrix, Tunnel, UserRole } from '@leadpulse/core';
import type { z } from 'zod';
import type { ErrorCode } from './error-codes.js';
import type { ContactExportDocument } from './privacy.js';
import type { ContactDocument } from './schemas.js';
import type { SegmentDocument, SegmentPreview } from './segments.js';
import type { AudienceDocument, AudienceInput, SyncResult } from './audiences.js';
import type { ReportName } from './reports.js';
import type { EmailDomainDocument, EmailFeedbackDocument } from './email-deliverability.js';
import type {
  EnrolmentDocument,
  InboxDocument,
  RenderedMessageDocument,
  ScenarioDocument,
  ScenarioViewDocument,
  SendDocument,
  SendStatusValue,
  SimulateBody,
  SimulationDocument,
  TaskDocument,
  TaskStatusValue,
  TemplateDocument,
  TemplateInput,
  UpdateTaskBody,
} from './scenarios.js';

export type { ReportName };
import type {
  ContactListSchema,
  DoctrinePreviewSchema,
  DoctrineVersionSchema,
  KeySchema,
  ReclassifyReportSchema,
  StageChangeSchema,
  StageReportSchema,
  TimelineEntrySchema,
} from './schemas.js';
import type { CreatedUserSchema, SessionDocumentSchema, UserDetailSchema } from './users.js';
import type { DoctrineAdviceSchema, ModelRunSchema, ModelStatusSchema } from './model.js';

// Segments and audiences (issue 16): their documents come from the contract's schemas, as the scenarios' do.
export type { AudienceDocument, AudienceInput, SegmentDocument, SyncResult };
export type SegmentPreviewDocument = SegmentPreview;
export type AudiencePlatform = AudienceDocument['platforms'][number];

export type ContactList = z.output<typeof ContactListSchema>;
export type TimelineEntry = z.output<typeof TimelineEntrySchema>;
export type StageChangeDocument = z.output<typeof StageChangeSchema>;
export type DoctrineVersionDocument = z.output<typeof DoctrineVersionSchema>;
export type DoctrinePreviewDocument = z.output<typeof DoctrinePreviewSchema>;
export type ReclassifyDocument = z.output<typeof ReclassifyReportSchema>;
export type StageReport = z.output<typeof StageReportSchema>;
export type KeyDocument = z.output<typeof KeySchema>;
export type SessionDocument = z.output<typeof SessionDocumentSchema>;
export type UserDocument = z.output<typeof UserDetailSchema>;
export type CreatedUser = z.output<typeof CreatedUserSchema>;
// The predictive score (issue 17).
export type ModelRunDocument = z.output<typeof ModelRunSchema>;
export type ModelStatusDocument = z.output<typeof ModelStatusSchema>;
export type ModelCardDocument = NonNullable<ModelRunDocument['card']>;
export type ReliabilityBin = ModelCardDocument['reliability'][number];
export type DoctrineAdviceDocument = z.output<typeof DoctrineAdviceSchema>;
export type DoctrineProposal = DoctrineAdviceDocument['proposals'][number];
export type StageConversion = DoctrineAdviceDocument['before'][number];
export type ContactPrediction = NonNullable<ContactDocument['prediction']>;

type Period = { readonly report: ReportName; readonly from: string; readonly to: string; /** The instant the report describes. */ readonly asOf: string; readonly table: ReportTable };
/** What each report answers: its data, its period and its table (the CSV's rows). */
export interface ReportDocuments {
  tunnel: Period & Tunnel & { today: Record<string, number>; history: DailyShare[]; transitions: TransitionMatrix };
  'blocking-points': Period & BlockingPoints;
  /** With `groupBy: 'segment'`, also a row per live segment and the all-contacts baseline. */
  costs: Period & CostReport & { groupBy?: 'segment'; segments?: SegmentCostRow[]; allContacts?: SegmentCostRow };
  /** `sampledOneIn`: the days to each temperature come from a 1-in-k sample when above 1. */
  campaigns: Period & { campaigns: CampaignRow[]; sampledOneIn: number };
  'doctrine-check': Period & DoctrineCheck;
  /** The campaign report: per scenario, its steps, A/B variants and outcome against the control group. */
  scenarios: Period & { horizonDays: number; method: string; scenarios: ScenarioReportEntry[] };
}
export type ScenarioReportEntry = ScenarioResult & { key: string | null; name: string | null; controlPercent: number | null; goal: Temperature };
/** A cost line as sent; `segmentId` (a segment's id or key) assigns it to one target group. */
export interface CostLineBody { channel: string; campaign?: string; kind: 'field' | 'digital'; from: string; to: string; amount: number; currency?: string; note?: string; segmentId?: string | null }
export interface ReportParams {
  readonly from?: string;
  readonly to?: string;
  /** The instant the report describes (default now); a date means its end. */
  readonly asOf?: string;
  readonly groupBy?: string;
  readonly channel?: 'source' | 'medium';
  readonly byCampaign?: boolean;
  readonly horizon?: string;
  readonly quietAfter?: string;
  readonly top?: number;
}

/** A failed call: the API's error code (or `network_error`), its message and, for 4xx bodies, the issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network_error',
    message: string,
    readonly issues: readonly { path?: readonly (string | number)[]; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** '' for the same origin. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Sent as x-csrf-token on every call that changes something (cookie sessions need it). */
  readonly csrfToken?: () => string | null;
  /** For machines: an admin token sent as Bearer. */
  readonly token?: string;
}

const query = (params: Record<string, string | number | boolean | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** The admin API, typed. The dashboard talks to the server only through this. */
export function createAdminClient(options: ClientOptions = {}) {
  const base = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    const csrf = method === 'GET' ? null : options.csrfToken?.();
    if (csrf) headers['x-csrf-token'] = csrf;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (json as { error?: { code: ErrorCode; message: string; issues?: ApiError['issues'] } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? 'internal_error', error?.message ?? `HTTP ${response.status}`, error?.issues ?? []);
    }
    return json as T;
  }

  return {
    session: {
      get: () => call<SessionDocument>('GET', '/api/v1/session'),
      signIn: (email: string, password: string) => call<SessionDocument>('POST', '/api/v1/session', { email, password }),
      signOut: () => call<void>('DELETE', '/api/v1/session'),
      changePassword: (currentPassword: string, newPassword: string) => call<SessionDocument>('POST', '/api/v1/session/password', { currentPassword, newPassword }),
    },
    contacts: {
      list: (params: { stage?: string; q?: string; source?: string; trait?: string; seenAfter?: string; seenBefore?: string; segment?: string; sort?: 'newest' | 'predicted'; limit?: number; cursor?: string | null; lang?: string }) => call<ContactList>('GET', `/api/v1/contacts${query(params)}`),
      get: (id: string, lang?: string) => call<ContactDocument>('GET', `/api/v1/contacts/${encodeURIComponent(id)}${query({ lang })}`),
      timeline: (id: string, params: { limit?: number; before?: string } = {}) => call<{ entries: TimelineEntry[] }>('GET', `/api/v1/contacts/${encodeURIComponent(id)}/timeline${query(params)}`),
      history: (id: string) => call<{ changes: StageChangeDocument[] }>('GET', `/api/v1/contacts/${encodeURIComponent(id)}/history`),
      /** Everything held about the contact (GDPR access), with the contacts linked to it by alias calls. */
      export: (id: string) => call<ContactExportDocument>('GET', `/api/v1/contacts/${encodeURIComponent(id)}/export`),
      anonymise: (id: string) => call<{ anonymised: true; contacts: number }>('POST', `/api/v1/contacts/${encodeURIComponent(id)}/anonymise`),
    },
    stages: () => call<StageReport>('GET', '/api/v1/reports/stages'),
    doctrine: {
      get: () => call<DoctrineVersionDocument>('GET', '/api/v1/doctrine'),
      versions: () => call<{ versions: DoctrineVersionDocument[] }>('GET', '/api/v1/doctrine/versions'),
      presets: () => call<{ presets: Record<string, Record<string, unknown>> }>('GET', '/api/v1/doctrine/presets'),
      preview: (doctrine: unknown) => call<DoctrinePreviewDocument>('POST', '/api/v1/doctrine/preview', doctrine),
      save: (doctrine: unknown, note?: string) => call<{ version: DoctrineVersionDocument; report: ReclassifyDocument }>('PUT', `/api/v1/doctrine${query({ note })}`, doctrine),
      /** Edits that would order the stages by the company's own conversion within `horizonDays` (30, 90 or 180). */
      advice: (horizonDays: number) => call<DoctrineAdviceDocument>('GET', `/api/v1/reports/doctrine-advice${query({ horizonDays })}`),
    },
    model: {
      get: () => call<ModelStatusDocument>('GET', '/api/v1/model'),
      /** 202 with the run; 409 training_in_progress while another one trains. */
      train: (horizonDays: number) => call<ModelRunDocument>('POST', '/api/v1/model/train', { horizonDays }),
    },
    report: <N extends ReportName>(name: N, params: ReportParams = {}) => call<ReportDocuments[N]>('GET', `/api/v1/reports/${name}${query({ ...params })}`),
    /** The address of a report's CSV export, for a download link. */
    reportCsvUrl: (name: ReportName, params: ReportParams = {}) => `${base}/api/v1/reports/${name}${query({ ...params, format: 'csv' })}`,
    costs: {
      list: (params: { from?: string; to?: string } = {}) => call<{ lines: CostLine[] }>('GET', `/api/v1/costs${query(params)}`),
      add: (line: CostLineBody) => call<{ lines: CostLine[] }>('POST', '/api/v1/costs', line),
      update: (id: string, line: CostLineBody) => call<{ line: CostLine }>('PUT', `/api/v1/costs/${encodeURIComponent(id)}`, line),
      remove: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/costs/${encodeURIComponent(id)}`),
    },
    keys: {
      list: () => call<{ keys: KeyDocument[] }>('GET', '/api/v1/keys'),
      create: (body: { kind: 'write' | 'admin'; label: string; allowedOrigins?: string[] }) => call<{ key: KeyDocument; secret: string }>('POST', '/api/v1/keys', body),
      revoke: (id: string) => call<{ revoked: true }>('DELETE', `/api/v1/keys/${encodeURIComponent(id)}`),
    },
    users: {
      list: () => call<{ users: UserDocument[] }>('GET', '/api/v1/users'),
      create: (body: { email: string; role: UserRole; name?: string; password?: string }) => call<CreatedUser>('POST', '/api/v1/users', body),
      update: (id: string, body: { role?: UserRole; name?: string }) => call<{ user: UserDocument }>('PATCH', `/api/v1/users/${encodeURIComponent(id)}`, body),
      remove: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/users/${encodeURIComponent(id)}`),
    },
    /** The live feed's address (server-sent events). */
    stageFeedUrl: (backlog = 20) => `${base}/api/v1/events/stage-changes${query({ backlog })}`,

    // Scenarios, templates, the outbox and tasks (DESIGN 3.5). Invalid documents throw ApiError with issues naming paths.
    listScenarios: () => call<{ scenarios: ScenarioViewDocument[] }>('GET', '/api/v1/scenarios'),
    getScenario: (id: string) => call<ScenarioViewDocument>('GET', `/api/v1/scenarios/${encodeURIComponent(id)}`),
    createScenario: (scenario: unknown, options: { activate?: boolean } = {}) => call<ScenarioDocument>('POST', `/api/v1/scenarios${query({ activate: options.activate })}`, scenario),
    /** A new version; `migrate: 'keep'` leaves running enrolments on their version (by step id by default). */
    updateScenario: (id: string, scenario: unknown, options: { migrate?: 'by_step' | 'keep' } = {}) => call<ScenarioDocument>('PUT', `/api/v1/scenarios/${encodeURIComponent(id)}${query({ migrate: options.migrate })}`, scenario),
    deleteScenario: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/scenarios/${encodeURIComponent(id)}`),
    activateScenario: (id: string) => call<ScenarioDocument>('POST', `/api/v1/scenarios/${encodeURIComponent(id)}/activate`),
    pauseScenario: (id: string) => call<ScenarioDocument>('POST', `/api/v1/scenarios/${encodeURIComponent(id)}/pause`),
    scenarioEnrolments: (id: string, params: { status?: 'active' | 'completed' | 'exited'; limit?: number; cursor?: string | null } = {}) =>
      call<{ enrolments: EnrolmentDocument[]; nextCursor: string | null }>('GET', `/api/v1/scenarios/${encodeURIComponent(id)}/enrolments${query(params)}`),
    /** A dry run on a virtual clock: nothing is stored or sent. */
    simulateScenario: (id: string, body: SimulateBody = {}) => call<SimulationDocument>('POST', `/api/v1/scenarios/${encodeURIComponent(id)}/simulate`, body),
    listTemplates: () => call<{ templates: TemplateDocument[] }>('GET', '/api/v1/templates'),
    getTemplate: (id: string) => call<TemplateDocument>('GET', `/api/v1/templates/${encodeURIComponent(id)}`),
    createTemplate: (template: TemplateInput) => call<TemplateDocument>('POST', '/api/v1/templates', template),
    updateTemplate: (id: string, template: TemplateInput) => call<TemplateDocument>('PUT', `/api/v1/templates/${encodeURIComponent(id)}`, template),
    deleteTemplate: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/templates/${encodeURIComponent(id)}`),
    /** Renders for a stored contact, or a sample contact without one. */
    previewTemplate: (id: string, contactId?: string) => call<RenderedMessageDocument>('GET', `/api/v1/templates/${encodeURIComponent(id)}/preview${query({ contactId })}`),
    /** An unsaved draft (subject, body, channel, locale) rendered as it would be sent. */
    previewTemplateDraft: (draft: { subject: string; body: string; channel: 'email' | 'sms'; locale: 'en' | 'fr' }, contactId?: string) =>
      call<RenderedMessageDocument>('POST', `/api/v1/templates/preview${query({ contactId })}`, draft),
    listSends: (params: { contactId?: string; scenarioId?: string; status?: SendStatusValue; limit?: number; cursor?: string | null } = {}) =>
      call<{ sends: SendDocument[]; nextCursor: string | null }>('GET', `/api/v1/sends${query(params)}`),
    getSend: (id: string) => call<SendDocument>('GET', `/api/v1/sends/${encodeURIComponent(id)}`),
    /** A dead letter back to the queue, with the same Message-ID. */
    retrySend: (id: string) => call<SendDocument>('POST', `/api/v1/sends/${encodeURIComponent(id)}/retry`),
    /** The local mail sink: what would have been sent. `local` is always true: nothing left the machine. */
    testInbox: (params: { limit?: number } = {}) => call<InboxDocument>('GET', `/api/v1/sends/inbox${query(params)}`),
    /** The sending domain's SPF, DKIM and DMARC records, and what to publish (admins). */
    emailDomain: () => call<EmailDomainDocument>('GET', '/api/v1/settings/email-domain'),
    /** Bounce and complaint reports received, newest first (admins). */
    listEmailFeedback: (params: { status?: EmailFeedbackDocument['status']; limit?: number; cursor?: string | null } = {}) =>
      call<{ reports: EmailFeedbackDocument[]; nextCursor: string | null }>('GET', `/api/v1/email/feedback${query(params)}`),
    /** Sales users get only their own tasks. */
    listTasks: (params: { assignee?: string; status?: TaskStatusValue; contactId?: string; limit?: number } = {}) => call<{ tasks: TaskDocument[] }>('GET', `/api/v1/tasks${query(params)}`),
    updateTask: (id: string, patch: UpdateTaskBody) => call<TaskDocument>('PATCH', `/api/v1/tasks/${encodeURIComponent(id)}`, patch),

    // Segments and audiences (issue 16). Invalid definitions throw ApiError `invalid_segment` with issues naming paths.
    listSegments: () => call<{ segments: SegmentDocument[] }>('GET', '/api/v1/segments'),
    getSegment: (id: string) => call<SegmentDocument>('GET', `/api/v1/segments/${encodeURIComponent(id)}`),
    createSegment: (definition: unknown) => call<SegmentDocument>('POST', '/api/v1/segments', definition),
    /** A new version of the definition. */
    updateSegment: (id: string, definition: unknown) => call<SegmentDocument>('PUT', `/api/v1/segments/${encodeURIComponent(id)}`, definition),
    deleteSegment: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/segments/${encodeURIComponent(id)}`),
    /** The count and a sample for an unsaved definition: the builder's live count. */
    previewSegment: (body: { where: unknown; purchasingPower?: unknown }) => call<SegmentPreviewDocument>('POST', '/api/v1/segments/preview', body),
    segmentContacts: (id: string, params: { limit?: number; cursor?: string | null; lang?: string } = {}) =>
      call<{ contacts: ContactDocument[]; nextCursor: string | null }>('GET', `/api/v1/segments/${encodeURIComponent(id)}/contacts${query(params)}`),
    segmentBreakdown: (id: string) => call<{ byStage: { stage: string; count: number }[] }>('GET', `/api/v1/segments/${encodeURIComponent(id)}/breakdown`),
    segmentSizes: (id: string, days = 90) => call<{ points: { day: string; size: number }[] }>('GET', `/api/v1/segments/${encodeURIComponent(id)}/sizes${query({ days })}`),
    /** The address of a segment's members as CSV, for a download link. */
    segmentCsvUrl: (id: string) => `${base}/api/v1/segments/${encodeURIComponent(id)}/export`,
    listAudiences: () => call<{ audiences: AudienceDocument[] }>('GET', '/api/v1/audiences'),
    getAudience: (id: string) => call<AudienceDocument>('GET', `/api/v1/audiences/${encodeURIComponent(id)}`),
    createAudience: (audience: AudienceInput) => call<AudienceDocument>('POST', '/api/v1/audiences', audience),
    updateAudience: (id: string, audience: AudienceInput) => call<AudienceDocument>('PUT', `/api/v1/audiences/${encodeURIComponent(id)}`, audience),
    deleteAudience: (id: string) => call<{ deleted: true }>('DELETE', `/api/v1/audiences/${encodeURIComponent(id)}`),
    /** The address of an audience in a platform's upload template (CSV), for a download link. */
    audienceCsvUrl: (id: string, platform: AudiencePlatform) => `${base}/api/v1/audiences/${encodeURIComponent(id)}/export${query({ platform })}`,
    /** Sends who entered and who left since the last sync to each platform; a guard's refusal comes back as a result. */
    syncAudience: (id: string, platforms?: AudiencePlatform[]) => call<{ results: SyncResult[] }>('POST', `/api/v1/audiences/${encodeURIComponent(id)}/sync`, platforms ? { platforms } : {}),
    audienceSyncs: (id: string) => call<{ syncs: SyncResult[] }>('GET', `/api/v1/audiences/${encodeURIComponent(id)}/syncs`),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;
