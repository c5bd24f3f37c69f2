import type { CliIo } from './cli-io.js';

/** What a progress line counts besides its measure of done work (an import counts bytes read and events sent). */
export interface Counted {
  readonly value: number;
  readonly unit: string;
}

/**
 * A progress line on stderr: redrawn in place on a terminal, printed every 10% otherwise. It shows the rate of the
 * counted things (or of the work itself) and, once a second has passed, the time left at the rate so far.
 */
export function createProgress(io: CliIo, label: string, clock: () => number = Date.now) {
  let lastDecile = -1;
  const started = clock();
  return {
    update(done: number, total: number, unit: string, counted?: Counted) {
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = (clock() - started) / 1000;
      const rated = counted ?? { value: done, unit };
      const rate = Math.round(rated.value / Math.max(0.001, elapsed));
      const left = elapsed >= 1 && ratio > 0 && ratio < 1 ? `, about ${formatDuration((elapsed * (1 - ratio)) / ratio)} left` : '';
      const amount = unit === 'bytes' ? `${megabytes(done)} of ${megabytes(total)} MB` : `${done} ${unit}`;
      if (io.stderr.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        const count = counted ? `, ${counted.value} ${counted.unit} (${rate}/s)` : ` (${rate}/s)`;
        io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(ratio * 100)}% ${amount}${count}${left}  `);
      } else if (Math.floor(ratio * 10) > lastDecile) {
        lastDecile = Math.floor(ratio * 10);
        const count = counted ? `, ${counted.value} ${counted.unit} at ${rate} ${counted.unit}/s` : '';
        io.stderr.write(`${label}: ${lastDecile * 10}% (${amount}${count}${left})\n`);
      }
    },
    done() {
      if (io.stderr.isTTY) io.stderr.write('\n');
      return (clock() - started) / 1000;
    },
  };
}

const megabytes = (bytes: number) => (bytes / 1_000_000).toFixed(1);

/** "40 s", "3 min 20 s", "2 h 05 min": the time left, to the second under an hour. */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
