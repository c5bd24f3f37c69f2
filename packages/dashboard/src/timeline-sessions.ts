import type { TimelineEntry } from '@leadpulse/contract/client';

export type TimelineItem = TimelineEntry | { readonly kind: 'session'; readonly at: string };

const SESSION_GAP = 30 * 60_000;

/** The timeline (newest first) with a heading at the start of each session: events under 30 minutes apart. */
export function withSessions(entries: readonly TimelineEntry[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  let sessionStart: TimelineEntry | null = null;
  let previous: number | null = null;
  const close = () => sessionStart && out.push({ kind: 'session', at: sessionStart.at });
  for (const entry of entries) {
    if (entry.kind === 'event') {
      const at = Date.parse(entry.at);
      if (previous !== null && previous - at > SESSION_GAP) close();
      sessionStart = entry;
      previous = at;
    }
    out.push(entry);
  }
  close();
  // Headings were added after their session's oldest event: move each above its session.
  const result: TimelineItem[] = [];
  let block: TimelineItem[] = [];
  for (const item of out) {
    if (item.kind === 'session') {
      result.push(item, ...block);
      block = [];
    } else block.push(item);
  }
  return [...result, ...block];
}

