import { createHash } from 'node:crypto';
import type { ContactId, EpochMs } from '@leadpulse/core';
import type { FeedbackReport } from '../messaging/feedback-report.js';
import { loadOnce } from './load-once.js';
import { verifyFeedbackWebhook } from './email-feedback-webhook.js';
import type { EmailFeedbackRecord, FeedbackSource, FeedbackStatus } from './email-feedback-ports.js';
import { newId } from './new-id.js';
import type { Clock, Logger, Store } from './ports.js';
import type { SendRecord } from './scenario-ports.js';
import { bouncedEvent, sendEvent } from './scenarios/bounce-outcome.js';
import { identityFieldsOf } from './scenarios/contact-event.js';

/** Most of a raw report kept for an admin to read: the headers and the report parts, not a large attached original. */
export const RAW_LIMIT = 64 * 1024;

/** mailsplit and libmime load with the first report read. */
const parsing = loadOnce(() => import('../messaging/feedback-report.js'));

export interface EmailFeedbackDeps {
  readonly store: Pick<Store, 'emailFeedback' | 'sends' | 'contacts' | 'identities'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The normal ingestion path, as for the scenarios' own events. */
  readonly ingestEvents: (events: readonly Record<string, unknown>[]) => Promise<void>;
  /** LEADPULSE_SECRET (or the stored one): provider webhooks are signed with the whsec_ secret derived from it. */
  readonly secret: string;
}

const complainedEvent = (send: SendRecord, report: Extract<FeedbackReport, { kind: 'complaint' }>, identity: Record<string, string>, at: EpochMs, eventId: string) =>
  sendEvent('Email Complained', send, { feedbackType: report.feedbackType, source: 'arf' }, identity, at, eventId);

const detailOf = (report: FeedbackReport) => {
  const { kind: _kind, ...rest } = report;
  return rest;
};

/**
 * Asynchronous bounces (DSN) and feedback-loop complaints (ARF), from any entry point: each report is kept (read or
 * not, with the reason), matched to its send by the original Message-ID or else the recipient, and becomes an
 * `Email Bounced` or `Email Complained` event on the contact; the send's status follows.
 */
export function createEmailFeedback(deps: EmailFeedbackDeps) {
  async function applyReport(report: FeedbackReport, reportHash: string, at: EpochMs): Promise<SendRecord | null> {
    const send = await deps.store.emailFeedback.findSend({ messageId: report.originalMessageId, recipient: report.recipient });
    if (!send) return null;
    // A delayed message may still arrive: only a final failure (or a complaint) changes what the send says.
    if (report.kind === 'complaint') await deps.store.sends.setStatusByMessageId(send.messageId, 'complained', at);
    else if (report.action === 'failed') await deps.store.sends.setStatusByMessageId(send.messageId, 'bounced', at);
    // A sales alert went to the team, not the contact: its status records the report, the contact hears nothing.
    if (send.channel !== 'email') return send;
    const identity = await identityFieldsOf(deps.store, send.contactId as ContactId);
    if (!identity) return send;
    // The same report read twice (a webhook retried, a file imported again) is one event: ingestion drops the repeat.
    const eventId = `${report.kind === 'bounce' ? 'bounce:dsn' : 'complaint:arf'}:${reportHash}:${send.id}`;
    const event =
      report.kind === 'bounce'
        ? bouncedEvent(send, { bounceType: report.bounceType, diagnostic: report.diagnostic, ...(report.status ? { status: report.status } : {}), source: 'dsn' }, identity, at, eventId)
        : complainedEvent(send, report, identity, at, eventId);
    await deps.ingestEvents([event]);
    return send;
  }

  return {
    /** Reads one raw report (RFC 822 bytes) and keeps it; never throws for a report it cannot read. */
    async receive(raw: Buffer, source: FeedbackSource): Promise<EmailFeedbackRecord> {
      const at = deps.clock.now().getTime();
      const parsed = await (await parsing()).parseFeedbackReport(raw);
      const base = { id: newId('fb', at), receivedAt: at, source, raw: raw.subarray(0, RAW_LIMIT).toString('utf8') };
      let record: EmailFeedbackRecord;
      if (!parsed.ok) {
        record = { ...base, status: 'unparsed', kind: null, reason: parsed.reason, sendId: null, detail: null };
      } else {
        const hash = createHash('sha256').update(raw).digest('hex').slice(0, 24);
        const matched: SendRecord[] = [];
        for (const report of parsed.reports) {
          const send = await applyReport(report, hash, at);
          if (send) matched.push(send);
        }
        const status: FeedbackStatus = parsed.reports.length > 0 && matched.length === 0 ? 'unmatched' : 'parsed';
        record = {
          ...base,
          status,
          kind: parsed.reports[0]?.kind ?? 'bounce',
          reason: parsed.reports.length === 0 ? 'the report says every recipient was delivered: nothing bounced' : status === 'unmatched' ? 'no send has the original Message-ID or the recipient of this report' : null,
          sendId: matched[0]?.id ?? null,
          detail: { reports: parsed.reports.map(detailOf) },
        };
      }
      await deps.store.emailFeedback.insert(record);
      deps.logger.info({ feedbackId: record.id, source, status: record.status, kind: record.kind, sendId: record.sendId }, 'email.feedback_received');
      return record;
    },

    list: (query: { limit: number; cursor?: string; status?: FeedbackStatus }) => deps.store.emailFeedback.list(query),

    /** Standard Webhooks verification of a provider's POST, against the injected clock. */
    verifySignature: (headers: Readonly<Record<string, string | undefined>>, body: Buffer) => verifyFeedbackWebhook(deps.secret, headers, body, deps.clock.now()),
  };
}

export type EmailFeedback = ReturnType<typeof createEmailFeedback>;
