import type { CliIo } from './cli-io.js';

/** A progress line on stderr: redrawn in place on a terminal, printed every 10% otherwise. */
export function createProgress(io: CliIo, label: string) {
  let lastDecile = -1;
  const started = Date.now();
  return {
    update(done: number, total: number, unit: string) {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
      if (io.stderr.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${done} ${unit} (${rate}/s)  `);
      } else if (Math.floor(ratio * 10) > lastDecile) {
        lastDecile = Math.floor(ratio * 10);
        io.stderr.write(`${label}: ${lastDecile * 10}% (${done} ${unit})\n`);
      }
    },
    done() {
      if (io.stderr.isTTY) io.stderr.write('\n');
      return (Date.now() - started) / 1000;
    },
  };
}
