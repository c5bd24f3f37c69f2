import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EmailFeedbackQuerySchema } from '@leadpulse/contract';
import type { EmailFeedbackRecord } from '../app/email-feedback-ports.js';
import type { LeadPulseApp } from '../app/leadpulse-app.js';
import { parseInput } from './parse-query.js';
import { withAccess } from './route-access.js';
import { sendError } from './send-error.js';

const JsonReportSchema = z.object({ raw: z.string().min(1) });

const toFeedbackDocument = (record: EmailFeedbackRecord) => ({ ...record, receivedAt: new Date(record.receivedAt).toISOString() });
const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(' ') : value);

/**
 * Bounce and complaint reports: a provider's webhook posts one (the raw RFC 822 report, or JSON with `raw`), signed
 * per Standard Webhooks, so it needs no other credential; an admin lists what came in. And the sending domain's check.
 */
export function registerFeedbackRoutes(http: FastifyInstance, app: Pick<LeadPulseApp, 'emailFeedback' | 'checkEmailDomain'>) {
  http.post('/api/v1/email/feedback', withAccess('public'), async (request, reply) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // The signature covers the bytes as sent: checked before anything is read or stored.
    const signature = app.emailFeedback.verifySignature(
      { 'webhook-id': headerText(request.headers['webhook-id']), 'webhook-timestamp': headerText(request.headers['webhook-timestamp']), 'webhook-signature': headerText(request.headers['webhook-signature']) },
      body,
    );
    if (!signature.ok) return sendError(reply, { code: 'invalid_signature', message: `The report was refused: ${signature.reason}.` });
    let raw = body;
    if (String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      let json: unknown;
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(reply, { code: 'invalid_json', message: 'The body is not valid JSON; send the report as message/rfc822, or JSON with a "raw" field.' });
      }
      const parsed = parseInput(JsonReportSchema, json, 'invalid_body');
      if (!parsed.ok) return sendError(reply, parsed.error);
      raw = Buffer.from(parsed.value.raw, 'utf8');
    }
    // Read or not, the report is kept: a provider retrying a report we cannot read would change nothing.
    const record = await app.emailFeedback.receive(raw, 'webhook');
    return reply.code(202).send({ id: record.id, status: record.status, kind: record.kind, sendId: record.sendId, reason: record.reason });
  });

  http.get('/api/v1/email/feedback', withAccess('administer'), async (request, reply) => {
    const query = parseInput(EmailFeedbackQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const page = await app.emailFeedback.list(query.value);
    return { reports: page.items.map(toFeedbackDocument), nextCursor: page.nextCursor };
  });

  http.get('/api/v1/settings/email-domain', withAccess('administer'), async () => {
    const report = await app.checkEmailDomain();
    return { ...report, checkedAt: new Date(report.checkedAt).toISOString() };
  });
}
