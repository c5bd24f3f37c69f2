import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activate, instantRelay, manualClock, openFollowUps, seedEnrolments, taskScenario } from './lib/follow-ups.mjs';

const T0 = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR = 3_600_000;

/**
 * How the scheduler's cost grows: the time to advance every due enrolment (`runFollowUps` until nothing is due), per
 * enrolment, with `small` and `large` enrolments all due; then `small` due among `large` (the others due in a day), which
 * costs as much as `small` alone only if a claim reads the due ones and never the whole table or all contacts.
 */
export async function benchEnrolmentGrowth({ small, large }) {
  return {
    small: await advanceAll({ total: small, due: small }),
    large: await advanceAll({ total: large, due: large }),
    smallAmongLarge: await advanceAll({ total: large, due: small }),
  };
}

async function advanceAll({ total, due }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-bench-growth-'));
  const at = { value: T0 };
  const lp = await openFollowUps({ dataDir, clock: manualClock(at), couriers: instantRelay });
  const scenario = await activate(lp.followUps, taskScenario('bench-growth'));
  seedEnrolments(dataDir, scenario, { to: total, dueAt: (i) => (i < due ? T0 : T0 + 24 * HOUR), now: T0 });
  at.value += 1000;
  let advanced = 0;
  const started = performance.now();
  for (let n = 1; n > 0; advanced += n) n = (await lp.followUps.runFollowUps()).advanced;
  const ms = performance.now() - started;
  await lp.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { total, due, advanced, ms, perEnrolmentMs: ms / advanced };
}
