import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { permanent, type Courier, type DeliveryOutcome, type OutgoingMessage } from './courier.js';
import { describeHttpFailure, outcomeOfHttpStatus, outcomeOfNetworkError } from './http-outcome.js';

/**
 * The Standard Webhooks signing secret (`whsec_…`) receivers verify with, derived from LEADPULSE_SECRET so that one
 * setting signs everything, yet a leaked webhook secret reveals nothing about the tracking tokens.
 */
export function webhookSigningSecret(secret: string): string {
  return `whsec_${createHmac('sha256', secret).update('leadpulse/webhooks/v1').digest('base64')}`;
}

export interface WebhookCourierOptions {
  /** LEADPULSE_SECRET (or the stored generated one). */
  readonly secret: string;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

/**
 * Posts the message's JSON body to its URL, signed per the Standard Webhooks spec: `webhook-id` is the send's
 * Message-ID (the same on every retry, so the receiver can drop duplicates), `webhook-timestamp` the attempt's time.
 */
export function createWebhookCourier(options: WebhookCourierOptions): Courier {
  const signer = new Webhook(webhookSigningSecret(options.secret));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  return {
    async deliver(message: OutgoingMessage): Promise<DeliveryOutcome> {
      if (!URL.canParse(message.to) || !/^https?:$/.test(new URL(message.to).protocol)) return permanent(`not an http(s) URL: ${message.to}`);
      const payload = message.body !== undefined ? JSON.stringify(message.body) : message.text;
      const timestamp = now();
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'LeadPulse-Webhooks/1',
        'webhook-id': message.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signer.sign(message.messageId, timestamp, payload),
      };
      try {
        const response = await fetch(message.to, { method: 'POST', headers, body: payload, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
        if (response.ok) await response.body?.cancel();
        const failure = response.ok ? '' : `the webhook answered ${await describeHttpFailure(response)}`;
        return outcomeOfHttpStatus(response.status, `HTTP ${response.status}`, failure);
      } catch (error) {
        return outcomeOfNetworkError(error, 'the webhook', timeoutMs);
      }
    },
  };
}
