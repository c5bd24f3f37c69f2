/** What the campaign rollup counts per (scenario, step, template, variant, group, day): sends that reached each point. */
export const CAMPAIGN_COUNTERS = ['decided', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'suppressed', 'failed'] as const;
export type CampaignCounter = (typeof CAMPAIGN_COUNTERS)[number];
export type CampaignCounts = Readonly<Record<CampaignCounter, number>>;

const ENGAGEMENT = ['queued', 'sent', 'delivered', 'opened', 'clicked'] as const;
const ENDINGS: readonly string[] = ['bounced', 'complained', 'unsubscribed', 'failed', 'suppressed'];

export const noCampaignCounts = (): Record<CampaignCounter, number> => Object.fromEntries(CAMPAIGN_COUNTERS.map((c) => [c, 0])) as Record<CampaignCounter, number>;

/**
 * The counters a send's status change adds to (`from` null: the send was just decided). Engagement reached implies the
 * steps before it: a click on a message whose open was never seen (images off) still counts as delivered and opened,
 * so "opened" reads "sends that reached opened or clicked". A machine open never moves a send, so it never counts here.
 * Example: `countersReached('sent', 'clicked')` → `['delivered', 'opened', 'clicked']`.
 */
export function countersReached(from: string | null, to: string): CampaignCounter[] {
  // A send is decided queued (or suppressed); one stored further along (an import of past sends) counts the way there.
  if (from === null) return ['decided', ...countersReached('queued', to)];
  if (from === to) return [];
  if (ENDINGS.includes(to)) return [to as CampaignCounter];
  const [was, now] = [ENGAGEMENT.indexOf(from as never), ENGAGEMENT.indexOf(to as never)];
  if (was < 0 || now <= was) return [];
  return ENGAGEMENT.slice(was + 1, now + 1) as CampaignCounter[];
}
