import type { HandOver } from '../../messaging/courier.js';

/** One delivery's pass through the gate: `handOver` for the courier, `release` once its outcome is recorded. */
export interface GateTicket {
  readonly handOver: HandOver;
  /** Whether this delivery passed its hand-over and holds the gate: its outcome is awaited by the next message. */
  readonly holding: boolean;
  /** Always called when the delivery is over, recorded or given up; lets the next message through if this one held the gate. */
  release(): void;
}

/**
 * Lets `width` messages at a time (one by default) past their point of no return, and the next only once an earlier
 * one's outcome is recorded. Messages stream to the relay side by side; only their last byte waits here. So a crash
 * finds at most `width` messages taken by the relay and not yet recorded: that many re-deliveries per crash at most,
 * under their Message-ID. The price: with a relay that answers in R ms, at most width × 1000 / R messages a second.
 */
export function createHandOverGate(width = 1) {
  let holders = 0;
  const waiting: (() => void)[] = [];
  const leave = () => {
    const next = waiting.shift();
    if (next) next();
    else holders--;
  };

  return {
    ticket(): GateTicket {
      let state: 'waiting' | 'holding' | 'over' = 'waiting';
      return {
        get holding() {
          return state === 'holding';
        },
        async handOver() {
          // A waiter woken by leave() takes the place of the one that left: the count stays.
          if (holders >= width) await new Promise<void>((resolve) => waiting.push(resolve));
          else holders++;
          // The courier gave the delivery up (a lost connection) while this was waiting: pass the turn on.
          if (state === 'over') {
            leave();
            throw new Error('the delivery was given up before its hand-over');
          }
          state = 'holding';
        },
        release() {
          if (state === 'holding') leave();
          state = 'over';
        },
      };
    },
  };
}
