import type { EpochMs, EventId } from '../shared/ids.js';

export const EVENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where an event came from on the web: the subset of Segment's `context` that LeadPulse reads. */
export interface EventContext {
  readonly page?: { readonly path?: string; readonly url?: string; readonly referrer?: string; readonly title?: string; readonly search?: string };
  readonly campaign?: { readonly source?: string; readonly medium?: string; readonly name?: string; readonly term?: string; readonly content?: string };
  readonly userAgent?: string;
  /** Never the client's full address: truncated (IPv4 /24, IPv6 /48) before it reaches the log. */
  readonly ip?: string;
  readonly locale?: string;
  readonly [key: string]: unknown;
}

/** An event after validation and normalization: exactly what the append-only log stores. */
export interface LeadEvent {
  /** The source's `messageId` (deduplication key), or one generated at intake. */
  readonly id: EventId;
  readonly type: EventType;
  /** `event` of a track, `name` of a page or screen, otherwise null. */
  readonly name: string | null;
  readonly userId: string | null;
  readonly anonymousId: string | null;
  /** `previousId` of an alias. */
  readonly previousId: string | null;
  readonly groupId: string | null;
  /** When it happened, corrected for the sender's clock skew. */
  readonly at: EpochMs;
  readonly receivedAt: EpochMs;
  readonly properties: Readonly<Record<string, unknown>>;
  /** `traits` of an identify or group, else `context.traits`. */
  readonly traits: Readonly<Record<string, unknown>>;
  readonly context: EventContext;
  /** Sent by a crawler or monitor: stored, never classified. */
  readonly bot: boolean;
  /** Emitted by LeadPulse itself (`Stage Changed`): stored and visible, never folded. */
  readonly internal: boolean;
}

/** Standard event names that LeadPulse interprets (DESIGN 3.1). Any other name is stored and usable in rules. */
export const STANDARD_EVENTS = {
  productViewed: 'Product Viewed',
  productAdded: 'Product Added',
  cartViewed: 'Cart Viewed',
  checkoutStarted: 'Checkout Started',
  orderCompleted: 'Order Completed',
  formSubmitted: 'Form Submitted',
  signedUp: 'Signed Up',
  trialStarted: 'Trial Started',
  documentDownloaded: 'Document Downloaded',
  demoRequested: 'Demo Requested',
  callLogged: 'Call Logged',
  chatStarted: 'Chat Started',
  meetingBooked: 'Meeting Booked',
  storeVisited: 'Store Visited',
  subscriptionStarted: 'Subscription Started',
  subscriptionEnded: 'Subscription Ended',
  emailOpened: 'Email Opened',
  emailLinkClicked: 'Email Link Clicked',
  unsubscribed: 'Unsubscribed',
  stageChanged: 'Stage Changed',
  segmentEntered: 'Segment Entered',
  segmentLeft: 'Segment Left',
} as const;
