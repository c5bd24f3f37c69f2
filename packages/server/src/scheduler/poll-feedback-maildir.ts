import type { LeadPulseApp } from '../app/leadpulse-app.js';
import type { Logger } from '../app/ports.js';
import { readMaildir } from '../messaging/feedback-maildir.js';

/**
 * Reads the bounce mailbox (LEADPULSE_BOUNCE_MAILDIR) on a timer: each new report is kept and applied, then moved
 * to cur/. A folder that cannot be read is logged and tried again at the next poll, with backoff.
 */
export function pollFeedbackMaildir(deps: { app: Pick<LeadPulseApp, 'emailFeedback'>; dir: string; intervalMs: number; logger: Logger }) {
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const { read, failed } = await readMaildir(deps.dir, async (raw) => void (await deps.app.emailFeedback.receive(raw, 'maildir')));
      if (read > 0) deps.logger.info({ read }, 'email.maildir_read');
      for (const failure of failed) deps.logger.warn(failure, 'email.maildir_report_failed');
      failures = 0;
    } catch (error) {
      failures++;
      deps.logger.error({ err: error, dir: deps.dir, failures }, 'email.maildir_failed');
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), deps.intervalMs * Math.min(2 ** failures, 60));
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
