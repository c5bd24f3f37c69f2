import { z } from 'zod';
import { CostLineInputSchema, REPORT_NAMES, ReportQuerySchema } from './reports.js';
import * as p from './privacy.js';
import * as sc from './scenarios.js';
import * as sg from './segments.js';
import * as au from './audiences.js';
import * as cs from './consent.js';
import * as cv from './conversions.js';
import * as md from './model.js';
import * as ed from './email-deliverability.js';
import * as s from './schemas.js';
import * as u from './users.js';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } });
const error = { description: 'Error', content: json(s.ErrorBodySchema) };
const ok = (schema: z.ZodType, description = 'OK') => ({ description, content: json(schema) });

const SegmentEvent = z
  .object({
    type: z.enum(['track', 'identify', 'page', 'screen', 'group', 'alias']).optional(),
    userId: z.string().optional(),
    anonymousId: z.string().optional(),
    event: z.string().optional(),
    name: z.string().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
    traits: z.record(z.string(), z.unknown()).optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    timestamp: z.string().optional(),
    sentAt: z.string().optional(),
    messageId: z.string().optional(),
    previousId: z.string().optional(),
    groupId: z.string().optional(),
  })
  .describe('A Segment-spec event.');

const ingestion = (summary: string, body: z.ZodType) => ({
  post: {
    summary,
    tags: ['ingestion'],
    security: [{ writeKeyBasic: [] }],
    requestBody: { content: { ...json(body), 'text/plain': { schema: { type: 'string' } } } },
    responses: { 200: ok(z.object({ success: z.literal(true) })), 400: error, 401: error, 403: error, 413: error },
  },
});

const admin = (summary: string, response: z.ZodType, extra: Record<string, unknown> = {}) => ({
  summary,
  tags: ['admin'],
  // Either the admin token, or a dashboard session cookie (with x-csrf-token on changes); roles apply to sessions.
  security: [{ adminToken: [] }, { sessionCookie: [] }],
  responses: { 200: ok(response), 400: error, 401: error, 403: error, 404: error, 422: error },
  ...extra,
});
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const queryParams = (schema: z.ZodObject) =>
  Object.entries(schema.shape).map(([name, field]) => ({ name, in: 'query', required: false, schema: z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) }));

/** The OpenAPI 3.1 document served at /api/v1/openapi.json. */
export function buildOpenApiDocument(version = '0.1.0'): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const [type, letter] of [['track', 't'], ['identify', 'i'], ['page', 'p'], ['screen', 's'], ['group', 'g'], ['alias', 'a']] as const) {
    paths[`/v1/${type}`] = ingestion(`Record one ${type} call (Segment spec).`, SegmentEvent);
    paths[`/v1/${letter}`] = ingestion(`Short form of /v1/${type}.`, SegmentEvent);
  }
  const Batch = z.object({ batch: z.array(SegmentEvent), context: z.record(z.string(), z.unknown()).optional(), sentAt: z.string().optional(), writeKey: z.string().optional() });
  paths['/v1/batch'] = ingestion('Record up to 500 KB of events; valid events of a mixed batch are kept.', Batch);
  paths['/v1/b'] = ingestion('Short form of /v1/batch.', Batch);
  paths['/health'] = { get: { summary: 'Liveness.', tags: ['ops'], responses: { 200: ok(z.object({ status: z.literal('ok') })) } } };
  paths['/ready'] = { get: { summary: 'Store reachable and migrations applied.', tags: ['ops'], responses: { 200: ok(z.object({ status: z.literal('ready') })), 503: error } } };
  paths['/api/v1/contacts'] = { get: admin('List contacts, newest first.', s.ContactListSchema, { parameters: queryParams(s.ContactListQuerySchema) }) };
  paths['/api/v1/contacts/lookup'] = {
    get: admin('Find one contact by userId, anonymousId or email.', s.ContactDocumentSchema, {
      parameters: ['userId', 'anonymousId', 'email', 'lang'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
    }),
  };
  const privacyParams = [...idParam, ...queryParams(p.PrivacyQuerySchema)];
  const privacyResponses = (schema: z.ZodType) => ({ 200: ok(schema), 400: error, 401: error, 403: error, 404: error, 409: error });
  paths['/api/v1/contacts/{id}'] = {
    get: admin('One contact.', s.ContactDocumentSchema, { parameters: idParam }),
    delete: admin(
      'Erase a contact and all its data (GDPR), with the contacts linked to it by alias calls. Re-sent old events (same messageId, or naming an erased identity with a timestamp up to the erase) are answered as duplicates and dropped; a new event timed after the erase starts a new contact. 409 too_many_linked_contacts above 100 linked contacts.',
      p.ErasedSchema,
      { parameters: privacyParams, responses: privacyResponses(p.ErasedSchema) },
    ),
  };
  paths['/api/v1/contacts/{id}/export'] = {
    get: admin('Everything held about the contact and those linked to it by alias calls (GDPR access): contact document, identities, traits, events, stage history, merges, facts.', p.ContactExportSchema, {
      parameters: privacyParams,
      responses: privacyResponses(p.ContactExportSchema),
    }),
  };
  paths['/api/v1/contacts/{id}/anonymise'] = {
    post: admin(
      'Remove every identifier of the contact and of those linked to it by alias calls, keeping its counts in every report (stage, history, milestones, facts, events by name, time, page and campaign). Identities are remembered as keyed hashes, as by an erase.',
      p.AnonymisedSchema,
      { parameters: privacyParams, responses: privacyResponses(p.AnonymisedSchema) },
    ),
  };
  paths['/api/v1/contacts/{id}/timeline'] = {
    get: admin('Events, stage changes and merges, newest first.', z.object({ entries: z.array(s.TimelineEntrySchema) }), { parameters: [...idParam, ...queryParams(s.TimelineQuerySchema)] }),
  };
  paths['/api/v1/contacts/{id}/history'] = { get: admin('Stage history with reasons.', z.object({ changes: z.array(s.StageChangeSchema) }), { parameters: idParam }) };
  paths['/api/v1/contacts/{id}/explain'] = { get: admin('The classification recomputed now, with score lines.', z.object({ stage: z.string(), score: z.number(), reasons: z.array(s.ReasonSchema) }), { parameters: idParam }) };
  paths['/api/v1/doctrine'] = {
    get: admin('The active doctrine version.', s.DoctrineVersionSchema),
    put: admin('Save a new doctrine version and replay every contact under it.', z.object({ version: s.DoctrineVersionSchema, report: s.ReclassifyReportSchema }), {
      requestBody: { content: { 'application/json': { schema: { type: 'object', description: 'A doctrine document (docs/doctrine.md).' } } } },
      parameters: [{ name: 'note', in: 'query', schema: { type: 'string' } }],
    }),
  };
  paths['/api/v1/doctrine/versions'] = { get: admin('Every doctrine version, newest first.', z.object({ versions: z.array(s.DoctrineVersionSchema) })) };
  paths['/api/v1/doctrine/preview'] = {
    post: admin('How many contacts a doctrine would move, from which stage to which.', s.DoctrinePreviewSchema, {
      requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
    }),
  };
  paths['/api/v1/doctrine/presets'] = { get: admin('The shipped doctrine presets.', z.object({ presets: z.record(z.string(), z.unknown()) })) };
  paths['/api/v1/reclassify'] = { post: admin('Replay the whole history under the active doctrine (?dryRun=true to only count).', s.ReclassifyReportSchema) };
  paths['/api/v1/reports/stages'] = { get: admin('How many contacts are in each stage now.', s.StageReportSchema) };
  const REPORT_SUMMARIES: Record<(typeof REPORT_NAMES)[number], string> = {
    tunnel: 'Cohort funnel of contacts first seen in the period: reached stages, conversion and time between stages by group, today, daily history, transitions.',
    'blocking-points': 'Exit pages of quiet contacts by stage, and the drops of the purchase path.',
    costs: 'Cost per contact, stage reached, client and revenue by channel (and campaign), with field against digital; ?groupBy=segment adds a row per live segment (its assigned lines plus its share of each channel\'s lines) and the all-contacts baseline, and its CSV is the segment table.',
    campaigns: 'Per first-touch UTM campaign: contacts, stages reached, time to each, revenue.',
    'doctrine-check': 'Real conversion by stage reached before buying and by signal, with lift and 95 % intervals.',
    scenarios: 'Campaign results per scenario, step, template and A/B variant: enrolled, sent, delivered, human opens, clicks, unsubscribes, bounces, complaints; goal, purchase and revenue within ?horizon= (7d, 14d, 30d by default, 60d or 90d) after enrolling, treated against control, with the uplift, its 95 % interval and p-value.',
  };
  for (const name of REPORT_NAMES) {
    paths[`/api/v1/reports/${name}`] = { get: admin(`${REPORT_SUMMARIES[name]} ?format=csv answers the CSV of its table.`, z.object({ report: z.literal(name), from: z.string(), to: z.string() }).loose(), { parameters: queryParams(ReportQuerySchema) }) };
  }
  paths['/api/v1/costs'] = {
    get: admin('Cost lines overlapping ?from=&to=.', z.object({ lines: z.array(z.unknown()) })),
    post: admin('Add one cost line, or {"lines": [...]}; all are checked before any is stored.', z.object({ lines: z.array(z.unknown()) }), { requestBody: { content: json(CostLineInputSchema) } }),
  };
  paths['/api/v1/costs/{id}'] = {
    put: admin('Replace a cost line (every field, as when adding; segmentId null unassigns it). 400 invalid_body with issue paths, such as segmentId when no segment has that id or key; 404 cost_line_not_found.', z.object({ line: z.unknown() }), { parameters: idParam, requestBody: { content: json(CostLineInputSchema) } }),
    delete: admin('Delete a cost line.', z.object({ deleted: z.literal(true) }), { parameters: idParam }),
  };
  paths['/api/v1/events/stage-changes'] = {
    get: {
      summary: 'Live feed of stage changes as server-sent events (event `stage-change`, id `<epoch ms>:<id>`): the `backlog` newest first (20 by default, at most 100), then new ones as they are stored. Resume with Last-Event-ID or ?after=.',
      tags: ['admin'],
      security: [{ adminToken: [] }],
      parameters: [
        { name: 'backlog', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 100 } },
        { name: 'after', in: 'query', schema: { type: 'string' } },
        { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } },
      ],
      responses: { 200: { description: 'text/event-stream; each data line is a stage change with contactId, email and labels {from, to} in en and fr.', content: { 'text/event-stream': { schema: { type: 'string' } } } }, 400: error, 401: error },
    },
  };
  paths['/api/v1/keys'] = {
    get: admin('Write keys and admin tokens (secrets are never shown again).', z.object({ keys: z.array(s.KeySchema) })),
    post: admin('Create a key; the answer is the only time the secret is shown.', z.object({ key: s.KeySchema, secret: z.string() }), { requestBody: { content: json(s.CreateKeyBodySchema) } }),
  };
  paths['/api/v1/keys/{id}'] = { delete: admin('Revoke a key.', z.object({ revoked: z.literal(true) }), { parameters: idParam }) };
  paths['/api/v1/session'] = {
    post: {
      summary: 'Sign in with email and password: sets the lp_session cookie (HttpOnly, SameSite=Strict) and returns the CSRF token. 10 failures per email and address in 15 minutes answer 429.',
      tags: ['session'],
      security: [],
      requestBody: { content: json(u.SignInBodySchema) },
      responses: { 200: ok(u.SessionDocumentSchema), 400: error, 401: error, 429: error },
    },
    get: admin('The signed-in user and the CSRF token to send as x-csrf-token; 401 unauthenticated without a session.', u.SessionDocumentSchema, { tags: ['session'] }),
    delete: { summary: 'Sign out: ends the session and clears the cookie.', tags: ['session'], security: [{ sessionCookie: [] }], responses: { 204: { description: 'Signed out' }, 401: error, 403: error } },
  };
  paths['/api/v1/session/password'] = {
    post: {
      summary: 'The signed-in user changes their own password (x-csrf-token required). Every session of the user ends; the answer sets a new cookie and returns its CSRF token. 403 wrong_password, 400 weak_password.',
      tags: ['session'],
      security: [{ sessionCookie: [] }],
      requestBody: { content: json(u.ChangePasswordBodySchema) },
      responses: { 200: ok(u.SessionDocumentSchema), 400: error, 401: error, 403: error, 429: error },
    },
  };
  paths['/api/v1/users'] = {
    get: admin('Dashboard users (admin only).', u.UserListSchema, { tags: ['users'] }),
    post: admin('Add a user (admin only); without a password one is generated and returned this once.', u.CreatedUserSchema, {
      tags: ['users'],
      requestBody: { content: json(u.CreateUserBodySchema) },
      responses: { 201: ok(u.CreatedUserSchema, 'Created'), 400: error, 401: error, 403: error, 409: error },
    }),
  };
  paths['/api/v1/users/{id}'] = {
    patch: admin('Change a user\'s role or name (admin only); the last admin cannot be demoted (409 last_admin).', z.object({ user: u.UserDetailSchema }), {
      tags: ['users'],
      parameters: idParam,
      requestBody: { content: json(u.UpdateUserBodySchema) },
      responses: { 200: ok(z.object({ user: u.UserDetailSchema })), 400: error, 401: error, 403: error, 404: error, 409: error },
    }),
    delete: admin('Remove a user and end their sessions (admin only); the last admin cannot be removed (409 last_admin).', z.object({ deleted: z.literal(true) }), {
      tags: ['users'],
      parameters: idParam,
      responses: { 200: ok(z.object({ deleted: z.literal(true) })), 401: error, 403: error, 404: error, 409: error },
    }),
  };
  const deleted = z.object({ deleted: z.literal(true) });
  const withStatuses = (schema: z.ZodType, statuses: readonly number[], okStatus = 200) => ({
    [okStatus]: ok(schema, okStatus === 201 ? 'Created' : 'OK'),
    ...Object.fromEntries(statuses.map((status) => [status, error])),
    401: error,
    403: error,
  });
  const scenarioBody = { content: json(sc.ScenarioInputSchema) };
  paths['/api/v1/scenarios'] = {
    get: admin('Every scenario (newest version), with the active enrolments at each step.', sc.ScenarioListSchema, { tags: ['scenarios'] }),
    post: admin('Create a scenario (version 1, a draft unless ?activate=true). 400 invalid_scenario with issues naming each path; 409 scenario_key_taken.', sc.ScenarioSchema, {
      tags: ['scenarios'],
      parameters: queryParams(sc.CreateScenarioQuerySchema),
      requestBody: scenarioBody,
      responses: withStatuses(sc.ScenarioSchema, [400, 409], 201),
    }),
  };
  paths['/api/v1/scenarios/{id}'] = {
    get: admin('One scenario with its counts per step.', sc.ScenarioViewSchema, { tags: ['scenarios'], parameters: idParam }),
    put: admin('Store a new version. ?migrate=by_step (default) moves running enrolments to it by step id; keep leaves them on their version.', sc.ScenarioSchema, {
      tags: ['scenarios'],
      parameters: [...idParam, ...queryParams(sc.UpdateScenarioQuerySchema)],
      requestBody: scenarioBody,
      responses: withStatuses(sc.ScenarioSchema, [400, 404, 409]),
    }),
    delete: admin('Delete a scenario, its versions and enrolments; its sends stay.', deleted, { tags: ['scenarios'], parameters: idParam }),
  };
  paths['/api/v1/scenarios/{id}/activate'] = { post: admin('Start enrolling contacts (and resume held enrolments, without a burst of catch-up sends).', sc.ScenarioSchema, { tags: ['scenarios'], parameters: idParam }) };
  paths['/api/v1/scenarios/{id}/pause'] = { post: admin('Stop enrolling and hold enrolments where they are.', sc.ScenarioSchema, { tags: ['scenarios'], parameters: idParam }) };
  paths['/api/v1/scenarios/{id}/enrolments'] = {
    get: admin('Enrolments of the scenario, newest first, with their position and history.', sc.EnrolmentListSchema, { tags: ['scenarios'], parameters: [...idParam, ...queryParams(sc.EnrolmentQuerySchema)] }),
  };
  paths['/api/v1/scenarios/{id}/simulate'] = {
    post: admin('Dry run on a virtual clock over stored contacts or a given event list: who would enrol, what would be sent on which day, where they would exit. Nothing is stored or sent.', sc.SimulationSchema, {
      tags: ['scenarios'],
      parameters: idParam,
      requestBody: { content: json(sc.SimulateBodySchema) },
    }),
  };
  const segmentBody = { content: json(sg.SegmentInputSchema) };
  paths['/api/v1/segments'] = {
    get: admin('Every saved segment (current version) with its stored size.', sg.SegmentListSchema, { tags: ['segments'] }),
    post: admin('Save a segment (version 1); its membership is computed in the background (status building, then live). 400 invalid_segment with issues naming each path; 409 segment_key_taken.', sg.SegmentDocumentSchema, {
      tags: ['segments'],
      requestBody: segmentBody,
      responses: withStatuses(sg.SegmentDocumentSchema, [400, 409], 201),
    }),
  };
  paths['/api/v1/segments/preview'] = {
    post: admin('Count an unsaved definition now: members, by stage, and a sample of at most 10. exact false: extrapolated from the first candidates.', sg.SegmentPreviewSchema, {
      tags: ['segments'],
      requestBody: { content: json(sg.SegmentPreviewBodySchema) },
      responses: withStatuses(sg.SegmentPreviewSchema, [400]),
    }),
  };
  paths['/api/v1/segments/{id}'] = {
    get: admin('One segment (by id or key).', sg.SegmentDocumentSchema, { tags: ['segments'], parameters: idParam }),
    put: admin('Store a new version; its membership is rebuilt in the background.', sg.SegmentDocumentSchema, {
      tags: ['segments'],
      parameters: idParam,
      requestBody: segmentBody,
      responses: withStatuses(sg.SegmentDocumentSchema, [400, 404, 409]),
    }),
    delete: admin('Delete a segment and its membership. 409 segment_in_use when a scenario trigger, an audience or another segment refers to it.', deleted, {
      tags: ['segments'],
      parameters: idParam,
      responses: withStatuses(deleted, [404, 409]),
    }),
  };
  paths['/api/v1/segments/{id}/contacts'] = {
    get: admin('Members, by contact id, cursor-paged.', sg.SegmentContactsSchema, { tags: ['segments'], parameters: [...idParam, ...queryParams(sg.SegmentContactsQuerySchema)] }),
  };
  paths['/api/v1/segments/{id}/export'] = {
    get: {
      summary: `Members as CSV (RFC 4180), streamed: ${sg.SEGMENT_EXPORT_COLUMNS.join(', ')}.`,
      tags: ['segments'],
      security: [{ adminToken: [] }, { sessionCookie: [] }],
      parameters: idParam,
      responses: { 200: { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } }, 401: error, 403: error, 404: error },
    },
  };
  paths['/api/v1/segments/{id}/breakdown'] = { get: admin('Members by current stage.', sg.SegmentBreakdownSchema, { tags: ['segments'], parameters: idParam }) };
  paths['/api/v1/segments/{id}/sizes'] = {
    get: admin('Members at the end of each UTC day of the last ?days= (90 by default), from the entries and exits recorded.', sg.SegmentSizesSchema, { tags: ['segments'], parameters: [...idParam, ...queryParams(sg.SegmentSizesQuerySchema)] }),
  };
  const audienceBody = { content: json(au.AudienceInputSchema) };
  paths['/api/v1/audiences'] = {
    get: admin('Ad audiences (a segment pushed to Meta and Google customer lists), each with its guard and newest sync per platform.', au.AudienceListSchema, { tags: ['audiences'] }),
    post: admin('Create an audience; segmentId takes the id or the key. 400 invalid_audience with issues naming each path.', au.AudienceDocumentSchema, { tags: ['audiences'], requestBody: audienceBody, responses: withStatuses(au.AudienceDocumentSchema, [400], 201) }),
  };
  paths['/api/v1/audiences/{id}'] = {
    get: admin('One audience with its guard (sensitive categories, under the platforms\' minimum) and newest syncs.', au.AudienceDocumentSchema, { tags: ['audiences'], parameters: idParam, responses: withStatuses(au.AudienceDocumentSchema, [404]) }),
    put: admin('Replace an audience; another segment is another list, and the next sync removes who is no longer in it.', au.AudienceDocumentSchema, { tags: ['audiences'], parameters: idParam, requestBody: audienceBody, responses: withStatuses(au.AudienceDocumentSchema, [400, 404]) }),
    delete: admin('Delete an audience (the lists on the platforms stay).', deleted, { tags: ['audiences'], parameters: idParam, responses: withStatuses(deleted, [404]) }),
  };
  paths['/api/v1/audiences/{id}/export'] = {
    get: {
      summary: "The consenting members in the platform's upload template (CSV), normalised and hashed per its rules (docs/audiences.md); x-leadpulse-exported and x-leadpulse-skipped (reason=n,…) say how many were sent and left out. 422 audience_refused.",
      tags: ['audiences'],
      security: [{ adminToken: [] }, { sessionCookie: [] }],
      parameters: [...idParam, ...queryParams(au.AudienceExportQuerySchema)],
      responses: { 200: { description: 'text/csv', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: error, 401: error, 403: error, 404: error, 422: error },
    },
  };
  paths['/api/v1/audiences/{id}/sync'] = {
    post: admin('Sync to each platform (or body.platforms): first upload, then who entered and who left. 409 platform_not_configured names the variables; 422 audience_refused (with results) on sensitive categories.', au.AudienceSyncAnswerSchema, {
      tags: ['audiences'],
      parameters: idParam,
      requestBody: { required: false, content: json(au.AudienceSyncBodySchema) },
      responses: withStatuses(au.AudienceSyncAnswerSchema, [400, 404, 409, 422]),
    }),
  };
  paths['/api/v1/audiences/{id}/syncs'] = {
    get: admin('The sync history, newest first: added, removed, skipped per reason, status and message.', au.AudienceSyncListSchema, { tags: ['audiences'], parameters: [...idParam, ...queryParams(au.AudienceSyncsQuerySchema)], responses: withStatuses(au.AudienceSyncListSchema, [404]) }),
  };
  const templateBody = { content: json(sc.TemplateInputSchema) };
  paths['/api/v1/templates'] = {
    get: admin('Every template (EN and FR).', sc.TemplateListSchema, { tags: ['templates'] }),
    post: admin('Create a template. 400 invalid_template with issues naming the field, and the Liquid line and column; 409 template_key_taken.', sc.TemplateSchema, {
      tags: ['templates'],
      requestBody: templateBody,
      responses: withStatuses(sc.TemplateSchema, [400, 409], 201),
    }),
  };
  paths['/api/v1/templates/{id}'] = {
    get: admin('One template.', sc.TemplateSchema, { tags: ['templates'], parameters: idParam }),
    put: admin('Replace a template.', sc.TemplateSchema, { tags: ['templates'], parameters: idParam, requestBody: templateBody, responses: withStatuses(sc.TemplateSchema, [400, 404, 409]) }),
    delete: admin('Delete a template.', deleted, { tags: ['templates'], parameters: idParam }),
  };
  paths['/api/v1/templates/{id}/preview'] = {
    get: admin('Render for a stored contact (?contactId=) or a sample contact. 422 template_failed when it does not render for this contact.', sc.RenderedMessageSchema, {
      tags: ['templates'],
      parameters: [...idParam, ...queryParams(sc.TemplatePreviewQuerySchema)],
    }),
  };
  paths['/api/v1/templates/preview'] = {
    post: admin('Render an unsaved draft (subject, body, channel, locale; key and name optional) for a stored contact (?contactId=) or a sample contact: the editor\'s live preview. 400 invalid_template names the field, line and column.', sc.RenderedMessageSchema, {
      tags: ['templates'],
      parameters: queryParams(sc.TemplatePreviewQuerySchema),
      requestBody: templateBody,
      responses: withStatuses(sc.RenderedMessageSchema, [400, 422]),
    }),
  };
  paths['/api/v1/sends'] = { get: admin('The outbox, newest first: every email, SMS, alert and webhook with its status. status=failed lists the dead letters.', sc.SendListSchema, { tags: ['sends'], parameters: queryParams(sc.SendQuerySchema) }) };
  paths['/api/v1/sends/inbox'] = {
    get: admin('The local test inbox (no SMTP relay configured): messages as they would have left, newest first. With no relay nothing leaves the machine, and the answer says so with local: true (smtp: true and no messages when LEADPULSE_SMTP_URL is set).', sc.InboxSchema, {
      tags: ['sends'],
      parameters: queryParams(sc.InboxQuerySchema),
    }),
  };
  paths['/api/v1/sends/{id}'] = { get: admin('One send, with its attempts, last error and provider answer.', sc.SendSchema, { tags: ['sends'], parameters: idParam }) };
  paths['/api/v1/sends/{id}/retry'] = {
    post: admin('Put a dead letter (status failed) back in the queue, with the same Message-ID. 409 send_not_retryable for any other status.', sc.SendSchema, {
      tags: ['sends'],
      parameters: idParam,
      responses: withStatuses(sc.SendSchema, [404, 409]),
    }),
  };
  paths['/api/v1/email/feedback'] = {
    post: {
      summary:
        'A bounce (DSN, RFC 3464) or feedback-loop complaint (ARF, RFC 5965) from a provider: the raw report as message/rfc822 or text/plain, or JSON {"raw"}. Signed per Standard Webhooks (webhook-id, webhook-timestamp within 5 minutes, webhook-signature with the whsec_ secret derived from LEADPULSE_SECRET) instead of a token: 401 invalid_signature otherwise, and nothing is stored. Every signed report is kept, read or not.',
      tags: ['email'],
      requestBody: { content: { 'message/rfc822': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } }, ...json(z.object({ raw: z.string() })) } },
      responses: { 202: ok(ed.EmailFeedbackReceiptSchema, 'Kept: parsed, unmatched or unparsed'), 400: error, 401: error },
    },
    get: admin('Bounce and complaint reports received (webhook, bounce Maildir, CLI), newest first: parsed, unmatched (no send of ours) or unparsed (with the reason). Admins.', ed.EmailFeedbackListSchema, { tags: ['email'], parameters: queryParams(ed.EmailFeedbackQuerySchema) }),
  };
  paths['/api/v1/settings/email-domain'] = {
    get: admin("The sending domain's SPF, DKIM and DMARC records (found, missing, invalid, unreachable, not_configured) and the TXT records to publish; without network every record says it could not be checked. Admins.", ed.EmailDomainSchema, { tags: ['email'] }),
  };
  paths['/api/v1/tasks'] = { get: admin('Tasks for the sales team; a sales user gets only the tasks assigned to their email.', sc.TaskListSchema, { tags: ['tasks'], parameters: queryParams(sc.TaskQuerySchema) }) };
  paths['/api/v1/tasks/{id}'] = {
    patch: admin('Mark done, reassign or snooze a task; sales users only their own (404 task_not_found otherwise). Done comes back as a Task Completed event on the contact.', sc.TaskSchema, {
      tags: ['tasks'],
      parameters: idParam,
      requestBody: { content: json(sc.UpdateTaskBodySchema) },
    }),
  };
  paths['/api/v1/contacts/{id}/consent'] = {
    put: admin('Record consent answers for a contact (one Consent Updated event per purpose, in event time now) and return its consent per purpose. A refusal of email_marketing or sms_marketing puts its address on the suppression list.', z.object({ consent: cs.ConsentDocumentSchema }), {
      tags: ['consent'],
      parameters: idParam,
      requestBody: { content: json(cs.ConsentUpdateSchema) },
    }),
  };
  paths['/api/v1/conversions'] = {
    get: admin("The delivery log of site events forwarded to Meta's Conversions API and Google Ads (docs/conversions.md), newest first, cursor-paged; filter by status (pending, sent, failed) and platform.", cv.ConversionListSchema, {
      tags: ['conversions'],
      parameters: queryParams(cv.ConversionQuerySchema),
    }),
  };
  paths['/api/v1/model'] = { get: admin("The predictive score's published model (its card: validation AUC, precision at the top 10 %, calibration, data and date) and the latest training runs with their progress.", md.ModelStatusSchema, { tags: ['model'] }) };
  paths['/api/v1/reports/doctrine-advice'] = {
    get: admin("Doctrine edits (drop or move a condition, change a threshold or a window) that would order the stages by the company's own conversion, each with the conversion per stage before and after on held-out contacts and the number of contacts who would move.", md.DoctrineAdviceSchema, { tags: ['model'], parameters: queryParams(md.DoctrineAdviceQuerySchema) }),
  };
  paths['/api/v1/model/train'] = {
    post: admin('Train the predictive score in the background (202 with the run; GET /api/v1/model shows its progress). A model that validates worse than the doctrine or the published model, or data with too few outcomes, is refused with the reason. 409 training_in_progress.', md.ModelRunSchema, {
      tags: ['model'],
      requestBody: { content: json(md.TrainModelBodySchema) },
      responses: { 202: ok(md.ModelRunSchema, 'Accepted: training started'), 400: error, 401: error, 403: error, 409: error },
    }),
  };
  paths['/api/v1/suppressions'] = { get: admin('The suppression list (unsubscribed, hard_bounced, complained, erased), in (channel, address, reason) order, cursor-paged.', cs.SuppressionListSchema, { tags: ['consent'], parameters: queryParams(cs.SuppressionQuerySchema) }) };
  paths['/api/v1/suppressions/{channel}/{address}'] = {
    delete: admin('Lift an address from the suppression list (admins). 409 confirmation_required for a complaint without confirm=true; 404 suppression_not_found.', cs.SuppressionLiftSchema, {
      tags: ['consent'],
      parameters: [...['channel', 'address'].map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParams(cs.SuppressionLiftQuerySchema)],
      responses: withStatuses(cs.SuppressionLiftSchema, [404, 409]),
    }),
  };
  return {
    openapi: '3.1.0',
    info: { title: 'LeadPulse API', version, description: 'Segment-compatible ingestion and the LeadPulse admin API.' },
    components: {
      securitySchemes: {
        writeKeyBasic: { type: 'http', scheme: 'basic', description: 'The write key as the username, empty password.' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token; it acts as an admin.' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'lp_session',
          description: 'Set by POST /api/v1/session. Requests other than GET, HEAD and OPTIONS must also send x-csrf-token (403 csrf_failed otherwise). Roles: admin everything; marketer all but /users and /keys; sales GET on /contacts, /reports, /scenarios, /templates and /sends, and their own tasks (403 forbidden otherwise).',
        },
      },
    },
    paths,
  };
}
