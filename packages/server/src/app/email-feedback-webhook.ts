import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { webhookSigningSecret } from '../messaging/webhook-courier.js';

/** How far a webhook's timestamp may be from our clock: Standard Webhooks' own tolerance, against replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks a provider's webhook per Standard Webhooks: `webhook-signature` holds one or more `v1,<base64 HMAC-SHA256>`
 * of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the same `whsec_` secret our own webhooks are signed with
 * (derived from LEADPULSE_SECRET). The timestamp is checked against the injected clock, not the process's.
 */
export function verifyFeedbackWebhook(secret: string, headers: Readonly<Record<string, string | undefined>>, body: Buffer, now: Date): SignatureCheck {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'the webhook-id, webhook-timestamp and webhook-signature headers are required (Standard Webhooks)' };
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isFinite(seconds)) return { ok: false, reason: 'webhook-timestamp is not a number of seconds' };
  if (Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: `webhook-timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds from now (a replay, or a clock that drifted)` };
  const expected = Buffer.from(new Webhook(webhookSigningSecret(secret)).sign(id, new Date(seconds * 1000), body).split(',')[1] ?? '', 'base64');
  // A space-separated list, so a sender can roll its key: any v1 signature that matches is enough.
  const matches = signatures.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',');
    if (version !== 'v1' || !value) return false;
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'no webhook-signature matches the body (sign it with the whsec_ secret derived from LEADPULSE_SECRET)' };
}
