import { Headers, Splitter } from '@zone-eu/mailsplit';

/** One recipient's failure from a delivery status notification (RFC 3464). */
export interface BounceReport {
  readonly kind: 'bounce';
  readonly bounceType: 'hard' | 'soft';
  /** The DSN's Action: failed or delayed. */
  readonly action: string;
  /** The enhanced status code, 5.1.1. */
  readonly status?: string;
  /** The remote server's words (Diagnostic-Code), else the action and status. */
  readonly diagnostic: string;
  readonly recipient: string | null;
  readonly originalMessageId: string | null;
}

/** A feedback-loop complaint (RFC 5965): someone pressed "this is spam". */
export interface ComplaintReport {
  readonly kind: 'complaint';
  /** abuse, fraud, virus, other, not-spam… (Feedback-Type). */
  readonly feedbackType: string;
  readonly recipient: string | null;
  readonly originalMessageId: string | null;
}

export type FeedbackReport = BounceReport | ComplaintReport;

export type ParsedFeedback = { readonly ok: true; readonly reports: readonly FeedbackReport[] } | { readonly ok: false; readonly reason: string };

interface Part {
  readonly contentType: string;
  readonly headers: Headers | null;
  readonly encoding: string;
  /** The part this one is nested in: an embedded message's headers sit on the child of its message/rfc822 part. */
  readonly parentType: string | null;
  readonly body: Buffer[];
}

/** Splits a message into its MIME parts with mailsplit (the splitter mailparser is built on), bodies still encoded. */
async function splitParts(raw: Buffer): Promise<Part[]> {
  const parts: Part[] = [];
  const byNode = new Map<unknown, Part>();
  const splitter = new Splitter({ maxChildNodes: 64 });
  splitter.end(raw);
  type Chunk = { type: string; node?: object; value?: Buffer; contentType?: string | false; headers?: Headers | false; encoding?: string | false; parentNode?: { contentType?: string | false } | false };
  for await (const data of splitter as AsyncIterable<Chunk>) {
    if (data.type === 'node') {
      const part: Part = {
        contentType: (data.contentType || 'text/plain').toLowerCase(),
        headers: data.headers || null,
        encoding: (data.encoding || '7bit').toLowerCase(),
        parentType: data.parentNode ? data.parentNode.contentType || null : null,
        body: [],
      };
      parts.push(part);
      byNode.set(data, part);
    } else if (data.type === 'body' && data.node && data.value) {
      byNode.get(data.node)?.body.push(data.value);
    }
  }
  return parts;
}

const bodyText = (part: Part) => {
  const body = Buffer.concat(part.body);
  return (part.encoding === 'base64' ? Buffer.from(body.toString('latin1'), 'base64') : body).toString('utf8');
};

/** A report body's groups of fields (RFC 3464 section 2.1: per-message fields, then one group per recipient). */
const fieldGroups = (text: string) =>
  text
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => new Headers(`${block}\n\n`));

/** `rfc822; ana@example.fr` → `ana@example.fr`. */
const addressOf = (typed: string) => {
  const value = (typed.includes(';') ? typed.slice(typed.indexOf(';') + 1) : typed).trim().replace(/^<|>$/g, '').trim();
  return value === '' ? null : value.toLowerCase();
};
const messageIdOf = (value: string) => {
  const match = /<[^<>\s]+>/.exec(value);
  return match ? match[0] : null;
};

/** The original message's Message-ID, from its attached headers (text/rfc822-headers) or the attached message itself. */
function originalMessageIdOf(parts: readonly Part[]): string | null {
  for (const part of parts) {
    if (part.contentType === 'text/rfc822-headers') {
      const id = messageIdOf(new Headers(`${bodyText(part).trim()}\n\n`).getFirst('message-id'));
      if (id) return id;
    }
    if (part.parentType === 'message/rfc822' && part.headers) {
      const id = messageIdOf(part.headers.getFirst('message-id'));
      if (id) return id;
    }
  }
  return null;
}

/** RFC 3464 3.2.3 and RFC 3463: failed with 5.x.x is permanent; delayed, or any 4.x.x, will be (or was) retried. */
function bounceTypeOf(action: string, status: string | undefined): 'hard' | 'soft' {
  if (action === 'delayed' || status?.startsWith('4.')) return 'soft';
  return 'hard';
}

function parseDeliveryStatus(part: Part, originalMessageId: string | null): ParsedFeedback {
  const [, ...recipients] = fieldGroups(bodyText(part));
  const reports: BounceReport[] = [];
  for (const fields of recipients) {
    const action = fields.getFirst('action').toLowerCase();
    if (!action) return { ok: false, reason: 'a recipient of the delivery-status part has no Action field (RFC 3464 section 2.3.3)' };
    // delivered, relayed and expanded are good news: nothing bounced for this recipient.
    if (action !== 'failed' && action !== 'delayed') continue;
    const status = /^[245]\.\d{1,3}\.\d{1,3}/.exec(fields.getFirst('status'))?.[0];
    const recipient = addressOf(fields.getFirst('final-recipient') || fields.getFirst('original-recipient'));
    const diagnosticCode = fields.getFirst('diagnostic-code').replace(/\s+/g, ' ');
    const diagnostic = (diagnosticCode.includes(';') ? diagnosticCode.slice(diagnosticCode.indexOf(';') + 1) : diagnosticCode).trim() || `${action}${status ? ` ${status}` : ''}`;
    reports.push({ kind: 'bounce', bounceType: bounceTypeOf(action, status), action, ...(status ? { status } : {}), diagnostic, recipient, originalMessageId });
  }
  if (recipients.length === 0) return { ok: false, reason: 'the delivery-status part names no recipient (RFC 3464 section 2.3)' };
  return { ok: true, reports };
}

function parseFeedbackFields(part: Part, originalMessageId: string | null, parts: readonly Part[]): ParsedFeedback {
  const [fields] = fieldGroups(bodyText(part));
  const feedbackType = fields?.getFirst('feedback-type').toLowerCase();
  if (!fields || !feedbackType) return { ok: false, reason: 'the feedback-report part has no Feedback-Type field (RFC 5965 section 3.1)' };
  const embeddedTo = parts.find((p) => p.parentType === 'message/rfc822' && p.headers)?.headers;
  const recipient = addressOf(fields.getFirst('original-rcpt-to') || (embeddedTo ? embeddedTo.getFirst('to') : ''));
  return { ok: true, reports: [{ kind: 'complaint', feedbackType, recipient, originalMessageId }] };
}

/**
 * Reads a bounce (a multipart/report with a message/delivery-status part, RFC 3464) or a feedback-loop complaint (one
 * with a message/feedback-report part, RFC 5965). Anything else is refused with the reason, for the store to keep.
 */
export async function parseFeedbackReport(raw: Buffer | string): Promise<ParsedFeedback> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes.length === 0) return { ok: false, reason: 'the report is empty' };
  let parts: Part[];
  try {
    parts = await splitParts(bytes);
  } catch (error) {
    return { ok: false, reason: `the report is not a readable MIME message: ${(error as Error).message}` };
  }
  const root = parts[0];
  if (!root?.headers || root.contentType !== 'multipart/report') {
    return { ok: false, reason: `expected a multipart/report (RFC 3464 bounce or RFC 5965 complaint), got ${root?.contentType ?? 'nothing'}` };
  }
  const originalMessageId = originalMessageIdOf(parts);
  // Only the report's own parts: an attached original message could itself be a report.
  const own = parts.filter((p) => p.parentType === 'multipart/report');
  const status = own.find((p) => p.contentType === 'message/delivery-status');
  if (status) return parseDeliveryStatus(status, originalMessageId);
  const feedback = own.find((p) => p.contentType === 'message/feedback-report');
  if (feedback) return parseFeedbackFields(feedback, originalMessageId, parts);
  return { ok: false, reason: 'the multipart/report has neither a message/delivery-status part (RFC 3464) nor a message/feedback-report part (RFC 5965)' };
}
