import type { CappedChannel, ChannelCaps, FrequencyCap } from '../doctrine/sending-policy.js';
import type { AdvanceOutcome } from './advance-enrolment.js';

/** How many more messages a channel may carry to one contact now, and the cap that says so (for the history). */
export interface ChannelRoom {
  readonly left: number;
  readonly cap: FrequencyCap;
  /** Whose cap: the doctrine's sending policy, or the contact's stage. */
  readonly scope: 'policy' | 'stage';
}
export type ChannelRooms = { readonly [C in CappedChannel]?: ChannelRoom };

/** A set of caps per channel with where it comes from, as the doctrine holds them. */
export interface ScopedCaps {
  readonly scope: ChannelRoom['scope'];
  readonly caps: ChannelCaps | undefined;
}

/**
 * The room each channel has left: of every cap that applies (the sending policy's, the stage's), the one with fewest
 * messages left. `sent(channel, cap)` is how many messages that cap already counts (every scenario together).
 * Example: policy email 4/30d with 3 sent and stage email 1/1d with 0 sent → `{ email: { left: 1, cap: 4/30d } }`.
 */
export function channelRooms(scoped: readonly ScopedCaps[], sent: (channel: CappedChannel, cap: FrequencyCap) => number): ChannelRooms {
  const rooms: { [C in CappedChannel]?: ChannelRoom } = {};
  for (const { scope, caps } of scoped) {
    for (const channel of ['email', 'sms'] as const) {
      const cap = caps?.[channel];
      if (!cap) continue;
      const left = Math.max(0, cap.messages - sent(channel, cap));
      const held = rooms[channel];
      if (!held || left < held.left) rooms[channel] = { left, cap, scope };
    }
  }
  return rooms;
}

/**
 * A step outcome with the email and SMS sends that exceed their channel's room taken out: each becomes a `capped`
 * history line in place of its `step` line, as the scenario's own cap does, so the enrolment goes on without it.
 */
export function applyChannelRooms(outcome: AdvanceOutcome, rooms: ChannelRooms): AdvanceOutcome {
  const used: Record<CappedChannel, number> = { email: 0, sms: 0 };
  const history = [...outcome.history];
  const effects = outcome.effects.filter((effect) => {
    if (effect.kind !== 'email' && effect.kind !== 'sms') return true;
    const room = rooms[effect.kind];
    if (!room || used[effect.kind] < room.left) {
      used[effect.kind] += 1;
      return true;
    }
    const line = history.findIndex((l) => l.what === 'step' && l.stepId === effect.stepId && l.detail?.startsWith(`${effect.kind} `));
    const capped = { at: history[line]?.at ?? 0, stepId: effect.stepId, what: 'capped' as const, detail: `${room.cap.messages} ${effect.kind} messages within ${room.cap.within} (${room.scope === 'policy' ? 'sending policy' : 'stage cap'})` };
    if (line >= 0) history[line] = capped;
    else history.push(capped);
    return false;
  });
  return { ...outcome, effects, history };
}
