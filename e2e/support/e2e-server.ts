import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCTRINE_PRESETS, type Doctrine } from '@leadpulse/core';
import { startDemoSite, type DemoSite } from '../../packages/server/src/demo-site/start-demo-site.js';
import { replayClock } from '../../packages/server/src/app/replay-clock.js';
import { buildServer, type LeadPulseServer, type ServerConfig } from '../../packages/server/src/main.js';

export interface E2eServer {
  readonly server: LeadPulseServer;
  /** LeadPulse's base URL, where lp.js and /v1 live. */
  readonly url: string;
  readonly site: DemoSite;
  /** Holds the server's clock at an instant (null: real time again), to load a history as if watched live. */
  travel(at: Date | null): void;
  close(): Promise<void>;
}

/**
 * The default doctrine with times a test can wait for: cold after 3 pages and 4 engaged seconds, a cart abandoned
 * after 3 seconds. Everything else (stages, signals, windows) is the shipped preset.
 */
export function quickDoctrine(): Doctrine {
  const preset = DOCTRINE_PRESETS['suspect-prospect-lead']!;
  const coldWhen = { all: [{ signal: 'pageViews', atLeast: 3, within: '365d' }, { signal: 'engagedSeconds', atLeast: 4, within: '365d' }] };
  const stages = preset.stages.map((stage) => (stage.key === 'cold' ? { ...stage, when: coldWhen } : stage));
  return { ...preset, stages, cartAbandonAfter: '3s' } as Doctrine;
}

/** A real LeadPulse (embedded store, real clock, fast scheduler) and the demo website on another origin. */
export async function startE2eServer(options: { doctrine?: Doctrine; config?: Partial<ServerConfig> } = {}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-e2e-'));
  const clock = replayClock();
  const server = await buildServer({
    port: 0,
    host: '127.0.0.1',
    trustProxy: false,
    dataDir,
    databaseUrl: undefined,
    adminToken: undefined,
    writeKey: undefined,
    role: 'all',
    logLevel: 'silent',
    schedulerIntervalMs: 100,
    ingestBatchMax: 2000,
    ingestFlushMs: 2,
    // Settings a test adds, such as an ad platform's credentials pointing at a local fake.
    ...options.config,
  }, { clock });
  if (options.doctrine) {
    const saved = await server.app.putDoctrine(options.doctrine, { note: 'e2e' });
    if (!saved.ok) throw new Error(`test doctrine rejected: ${JSON.stringify(saved.error)}`);
  }
  const { url } = await server.start();
  const site = await startDemoSite({ app: server.app, leadpulsePort: Number(new URL(url).port), port: 0, host: '127.0.0.1' });
  return {
    server,
    url,
    site,
    travel: clock.hold,
    async close() {
      await site.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
