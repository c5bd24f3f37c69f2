import type { LeadPulseApp } from '../app/leadpulse-app.js';
import type { Logger } from '../app/ports.js';

/**
 * Re-evaluates due contacts on a timer, advances scenario enrolments whose step is due and delivers due sends, and reloads the doctrine so processes of a scale-out
 * deployment pick up a version saved by another one. Errors are logged and retried with backoff.
 */
export function startScheduler(deps: { app: LeadPulseApp; logger: Logger; intervalMs: number; refreshDoctrine: () => Promise<unknown> }) {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let running: Promise<void> = Promise.resolve();
  const delay = () => deps.intervalMs * Math.min(2 ** failures, 60);

  const tick = async () => {
    try {
      await deps.refreshDoctrine();
      let evaluated = 0;
      // Drain everything due now, a bounded chunk per transaction.
      for (let n = await deps.app.evaluateDue({ limit: 1000 }); n > 0 && !stopped; n = await deps.app.evaluateDue({ limit: 1000 })) evaluated += n;
      if (evaluated > 0) deps.logger.info({ evaluated }, 'scheduler.evaluated');
      // Then the scenarios: due steps (which may queue sends), then the outbox.
      const { advanced, delivered } = await deps.app.runFollowUps();
      if (advanced > 0 || delivered > 0) deps.logger.info({ advanced, delivered }, 'scheduler.followed_up');
      // Website conversions queued for the ad platforms: retried with backoff, so a platform outage never blocks a tick.
      const conversions = await deps.app.conversions.deliverDue();
      if (conversions.sent > 0 || conversions.failed > 0) deps.logger.info(conversions, 'scheduler.conversions');
      // The predictive score, trained again in the background once the published model is as old as configured.
      await deps.app.models.trainIfDue();
      failures = 0;
    } catch (error) {
      failures++;
      // A database outage lands here too: the next tick after it is the retry, with the pool reconnecting by itself.
      deps.logger.error({ err: error, failures, retryInMs: delay() }, 'scheduler.failed');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), delay());
  };
  timer = setTimeout(() => (running = tick()), deps.intervalMs);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
