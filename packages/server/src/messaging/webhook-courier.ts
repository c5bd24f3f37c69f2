import { createHmac } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPrivateAddress } from './private-address.js';
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

/**
 * Why a webhook host must not be called (it resolves to a private address), or null. Checked before each attempt;
 * a name that does not resolve is left to the request, which fails as unreachable.
 */
async function privateTarget(hostname: string): Promise<string | null> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((found) => found.map((a) => a.address), () => []);
  const inside = addresses.find(isPrivateAddress);
  return inside ? `refused: ${hostname} is a private or local address (${inside}); set LEADPULSE_WEBHOOKS_PRIVATE=1 to allow webhooks inside your network` : null;
}

export interface WebhookCourierOptions {
  /** LEADPULSE_WEBHOOKS_PRIVATE: allow private, loopback and link-local receivers (refused by default: SSRF). */
  readonly allowPrivate?: boolean;
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
      if (!options.allowPrivate) {
        const refused = await privateTarget(new URL(message.to).hostname);
        if (refused) return permanent(refused);
      }
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
