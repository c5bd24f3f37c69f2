import { classifyEngagement, STANDARD_EVENTS, type ContactId, type EngagementHit, type EngagementVerdict, type EpochMs } from '@leadpulse/core';
import type { EmailTokens } from '../messaging/email-tokens.js';
import { landingUrl } from '../messaging/tracked-urls.js';
import { newId } from './new-id.js';
import type { Clock, Logger, Store } from './ports.js';
import type { SendRecord } from './scenario-ports.js';
import { identityFieldsOf } from './scenarios/contact-event.js';

/** Who asked for a tracked link: what the HTTP layer saw. The address is used for classification only, never stored. */
export interface EngagementRequest {
  readonly token: string;
  readonly userAgent: string | null;
  readonly ip: string | null;
  /** When the hit happened; the HTTP layer leaves it to the clock, the demo's replay of recipients sets it. */
  readonly at?: EpochMs;
}

export interface EmailEngagementDeps {
  readonly store: Pick<Store, 'sends' | 'contacts' | 'identities'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Null when no secret is set up: then no token opens and every tracked or unsubscribe path answers 404. */
  readonly tokens: EmailTokens | null;
  /** Ingests events LeadPulse writes itself, through the normal pipeline (and its deduplication); resolves once committed. */
  readonly ingestEvents: (events: readonly Record<string, unknown>[]) => Promise<void>;
}

export interface EmailEngagement {
  /** The pixel was loaded: true when the token is genuine (an event was recorded if its send still exists). */
  open(request: EngagementRequest): Promise<boolean>;
  /** A link was followed: where to send the reader (the URL sealed in the token, plus lp_ct), or null for a forged or expired token. */
  click(request: EngagementRequest): Promise<string | null>;
  /** How to name the contact a click token (the `lp_ct` of a landing page) belongs to: its userId, else its email; or null. */
  identityOfClickToken(token: string): Promise<{ userId: string } | { email: string } | null>;
  /** Many hits, in order, recorded in one ingestion (the demo's recipients); returns how many events they made. */
  replay(hits: readonly { readonly kind: 'open' | 'click'; readonly request: EngagementRequest }[]): Promise<number>;
  /** The pixel and link tokens a message of this send carries for a link to `url` (the demo plays its recipients with them); null without a secret. */
  sealLinks(sendId: string, url: string, issuedAt: EpochMs): { readonly open: string; readonly click: string } | null;
}

/** Recent hits per send, to see a scanner walking every link at once across concurrent requests; bounded. */
const RECENT_SENDS = 5_000;
const RECENT_HITS_PER_SEND = 20;

/**
 * Opens and clicks on tracked email links become `Email Opened` and `Email Link Clicked` events on the send's contact,
 * classified as a person's or a machine's (classifyEngagement). A machine's hit is recorded with `machine: true` and its
 * reason, and nothing downstream counts it. Recording never stands between a reader and the link: a failure is logged.
 */
export function createEmailEngagement(deps: EmailEngagementDeps): EmailEngagement {
  const recent = new Map<string, NonNullable<EngagementHit['previous']>[number][]>();
  const remember = (sendId: string, hit: NonNullable<EngagementHit['previous']>[number]) => {
    const hits = recent.get(sendId) ?? [];
    recent.delete(sendId);
    recent.set(sendId, [...hits.slice(-(RECENT_HITS_PER_SEND - 1)), hit]);
    if (recent.size > RECENT_SENDS) recent.delete(recent.keys().next().value!);
    return hits;
  };

  /** The events one hit makes; `engaged` holds sends a person already engaged with in the same batch. */
  async function eventsOf(kind: 'open' | 'click', sendId: string, request: EngagementRequest, url: string | undefined, engaged: Set<string>): Promise<Record<string, unknown>[]> {
    const at: EpochMs = request.at ?? deps.clock.now().getTime();
    const previous = remember(sendId, { kind, at, ...(url === undefined ? {} : { url }) });
    const send = await deps.store.sends.get(sendId);
    if (!send) return [];
    const verdict = classifyEngagement({ kind, userAgent: request.userAgent, ip: request.ip, sentAt: send.sentAt, at, previous, ...(url === undefined ? {} : { url }) });
    const identity = await identityOf(send.contactId);
    if (!identity) return [];
    const events: Record<string, unknown>[] = [];
    // A person's click on a message whose open went unseen (images off) says it was opened; made first, so it sorts first.
    if (kind === 'click' && !verdict.machine && send.status === 'sent' && !engaged.has(send.id)) events.push(engagementEvent(STANDARD_EVENTS.emailOpened, send, identity, at, request, verdict, undefined, { impliedByClick: true }));
    if (!verdict.machine) engaged.add(send.id);
    events.push(engagementEvent(kind === 'open' ? STANDARD_EVENTS.emailOpened : STANDARD_EVENTS.emailLinkClicked, send, identity, at, request, verdict, url));
    return events;
  }

  const record = async (kind: 'open' | 'click', sendId: string, request: EngagementRequest, url?: string) => {
    try {
      await deps.ingestEvents(await eventsOf(kind, sendId, request, url, new Set()));
    } catch (error) {
      deps.logger.error({ err: error, sendId, kind }, 'engagement.record_failed');
    }
  };

  async function identityOf(contactId: ContactId) {
    const contact = await deps.store.contacts.get(contactId);
    if (contact && !contact.mergedInto && contact.userId) return { userId: contact.userId };
    return identityFieldsOf(deps.store, contact?.mergedInto ?? contactId);
  }

  return {
    async open(request) {
      const token = deps.tokens?.open(request.token, deps.clock.now().getTime());
      if (!token || token.kind !== 'open') return false;
      await record('open', token.sendId, request);
      return true;
    },
    async click(request) {
      const token = deps.tokens?.open(request.token, deps.clock.now().getTime());
      if (!token || token.kind !== 'click') return null;
      await record('click', token.sendId, request, token.url);
      return landingUrl(token.url, request.token);
    },
    async replay(hits) {
      const events: Record<string, unknown>[] = [];
      const engaged = new Set<string>();
      for (const { kind, request } of hits) {
        const token = deps.tokens?.open(request.token, request.at ?? deps.clock.now().getTime());
        if (token?.kind === kind) events.push(...(await eventsOf(kind, token.sendId, request, token.kind === 'click' ? token.url : undefined, engaged)));
      }
      await deps.ingestEvents(events);
      return events.length;
    },
    sealLinks(sendId, url, issuedAt) {
      if (!deps.tokens) return null;
      return { open: deps.tokens.seal({ kind: 'open', sendId }, issuedAt), click: deps.tokens.seal({ kind: 'click', sendId, url }, issuedAt) };
    },
    async identityOfClickToken(sealed) {
      const token = deps.tokens?.open(sealed, deps.clock.now().getTime());
      if (!token || token.kind !== 'click') return null;
      const send = await deps.store.sends.get(token.sendId);
      const found = send ? await deps.store.contacts.get(send.contactId) : null;
      const contact = found?.mergedInto ? await deps.store.contacts.get(found.mergedInto) : found;
      if (!contact) return null;
      return contact.userId ? { userId: contact.userId } : contact.email ? { email: contact.email } : null;
    },
  };
}

function engagementEvent(
  name: string,
  send: SendRecord,
  identity: { userId: string } | { anonymousId: string },
  at: EpochMs,
  request: EngagementRequest,
  verdict: EngagementVerdict,
  url: string | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: 'track',
    event: name,
    messageId: newId('ev', at),
    ...identity,
    timestamp: new Date(at).toISOString(),
    properties: {
      sendId: send.id,
      messageId: send.messageId,
      ...(send.scenarioId ? { scenarioId: send.scenarioId } : {}),
      ...(send.stepId ? { stepId: send.stepId } : {}),
      ...(url === undefined ? {} : { url }),
      ...(verdict.machine ? { machine: true, machineReason: verdict.reason } : {}),
      ...(request.userAgent ? { userAgent: request.userAgent.slice(0, 512) } : {}),
      ...extra,
    },
  };
}

/**
 * Ties a visit that landed from an email click to the contact who clicked: the tracker sends the click's token as
 * `context.lp_ct` with its first event, and that event then names the contact (its userId, else its email as a trait),
 * so the identity rules link the visitor's anonymous id to it. An event that already names a user is left as it is
 * (two known users are never merged). The token itself is never stored.
 */
export async function tieEmailVisits(rawEvents: readonly unknown[], engagement: Pick<EmailEngagement, 'identityOfClickToken'>): Promise<readonly unknown[]> {
  if (!rawEvents.some((raw) => typeof contactTokenOf(raw) === 'string')) return rawEvents;
  return Promise.all(
    rawEvents.map(async (raw) => {
      const token = contactTokenOf(raw);
      if (typeof token !== 'string') return raw;
      const event = raw as Record<string, unknown> & { context: Record<string, unknown> };
      const { lp_ct: _token, ...context } = event.context;
      const identity = await engagement.identityOfClickToken(token);
      if (!identity || typeof event['userId'] === 'string') return { ...event, context };
      if ('userId' in identity) return { ...event, context, userId: identity.userId };
      const traits = typeof context['traits'] === 'object' && context['traits'] !== null ? (context['traits'] as Record<string, unknown>) : {};
      return { ...event, context: { ...context, traits: { ...traits, email: identity.email } } };
    }),
  );
}

function contactTokenOf(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const context = (raw as { context?: unknown }).context;
  return typeof context === 'object' && context !== null ? (context as { lp_ct?: unknown }).lp_ct : undefined;
}
