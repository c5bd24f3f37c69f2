import type { EpochMs } from '../shared/ids.js';
import { machineAgentReason } from './machine-agents.js';

/** One hit on a tracked link of a sent email: the pixel (`open`) or a link (`click`). */
export interface EngagementHit {
  readonly kind: 'open' | 'click';
  /** The requester's User-Agent header; null or empty when it sent none. */
  readonly userAgent: string | null;
  /** The requester's address, used in memory only (never stored). */
  readonly ip?: string | null;
  /** When the message left (the relay accepted it); null when unknown. */
  readonly sentAt: EpochMs | null;
  readonly at: EpochMs;
  /** For a click: the link's URL, to tell a burst over several links from a double click on one. */
  readonly url?: string;
  /** Earlier hits on the same send (any order). */
  readonly previous?: readonly { readonly kind: 'open' | 'click'; readonly at: EpochMs; readonly url?: string }[];
}

export interface EngagementVerdict {
  readonly machine: boolean;
  /** Why the hit was flagged (a stable code, see ENGAGEMENT_RULES), or null for a person. */
  readonly reason: string | null;
}

/** Nobody reads a message and clicks in it this soon after it left; gateways that check every link at delivery do. */
export const SCANNER_CLICK_WINDOW_MS = 10_000;
/** The message is barely in the mailbox this soon after it left: only a prefetch loads its pixel. */
export const PREFETCH_OPEN_WINDOW_MS = 2_000;
/** Two different links of one message clicked this close together: a scanner walking the links, not a hand. */
export const LINK_BURST_MS = 1_000;

/** The rules, in the order they are checked: the first that holds names the reason. */
export const ENGAGEMENT_RULES = [
  'no_user_agent',
  'apple_privacy_proxy',
  'gmail_image_proxy',
  'yahoo_mail_proxy',
  'security_scanner',
  'headless_browser',
  'http_library',
  'crawler',
  'apple_proxy_address',
  'prefetch_timing',
  'scanner_timing',
  'link_burst',
] as const;

const HUMAN: EngagementVerdict = { machine: false, reason: null };
const machine = (reason: string): EngagementVerdict => ({ machine: true, reason });

/**
 * Whether an open or a click came from a person or from a machine (an image proxy, a link scanner, a bot), by the
 * user agent first, then where it came from, then its timing. A flagged hit is kept as evidence and never counted.
 * Example: `classifyEngagement({ kind: 'open', userAgent: 'Mozilla/5.0', sentAt: t, at: t + 4000 })` → `{ machine: true, reason: 'apple_privacy_proxy' }`.
 */
export function classifyEngagement(hit: EngagementHit): EngagementVerdict {
  const agent = hit.userAgent?.trim() ?? '';
  if (agent === '') return machine('no_user_agent');
  const family = machineAgentReason(agent);
  if (family) return machine(family);
  // Apple's proxies also present Apple Mail's own agent; they fetch from Apple's 17.0.0.0/8, where no reader sits.
  if (hit.kind === 'open' && hit.ip && isAppleAddress(hit.ip)) return machine('apple_proxy_address');
  if (hit.sentAt !== null) {
    const after = hit.at - hit.sentAt;
    if (hit.kind === 'open' && after < PREFETCH_OPEN_WINDOW_MS) return machine('prefetch_timing');
    if (hit.kind === 'click' && after < SCANNER_CLICK_WINDOW_MS) return machine('scanner_timing');
  }
  if (hit.kind === 'click' && hit.url !== undefined) {
    const burst = (hit.previous ?? []).some((p) => p.kind === 'click' && p.url !== undefined && p.url !== hit.url && Math.abs(hit.at - p.at) <= LINK_BURST_MS);
    if (burst) return machine('link_burst');
  }
  return HUMAN;
}

/** 17.0.0.0/8 is Apple's own block (ARIN); IPv4 written plainly or mapped into IPv6. */
function isAppleAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return /^17\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
