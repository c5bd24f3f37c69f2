// Preloaded (`node --import`) into a benchmarked process: at exit, writes the process's CPU time in seconds (user and
// system, every thread: JavaScript, GC, the SQLite driver) to the file named by BENCH_CPU_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1e6));
  });
}
