// npm run bench: every benchmark side by side with its peer, in one run; results go to docs/PERFORMANCE.md.
// BENCH_SCALE=small runs a quick pass (smaller datasets); BENCH_ONLY=ingest,import,latency,doctrine,reclassify,reports,followups,campaign,segment-live,audience-delta,segments,predict,scale-out picks
// sections and only prints them, so a partial run never replaces the full report.
import { execSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { benchDoctrineEval } from './doctrine-eval.mjs';
import { benchFollowUps, followUpLines } from './follow-ups.mjs';
import { benchImport } from './import-cli.mjs';
import { benchIngestHttp } from './ingest-http.mjs';
import { benchLatency } from './latency.mjs';
import { benchReclassify } from './reclassify.mjs';
import { benchScaleOut } from './scale-out.mjs';
import { benchReports } from './reports.mjs';
import { benchCampaignReport } from './campaign-report.mjs';
import { benchSegmentLive, segmentLiveLines } from './segment-live.mjs';
import { audienceDeltaLines, benchAudienceDelta } from './audience-delta.mjs';
import { benchSegmentPreview, segmentPreviewLines } from './segment-preview.mjs';
import { PG_ADMIN_URL } from './lib/servers.mjs';
import { benchPredictTrain } from './predict-train.mjs';
import { benchPredictOnline, predictLines } from './predict-online.mjs';

const small = process.env.BENCH_SCALE === 'small';
const only = new Set((process.env.BENCH_ONLY ?? 'ingest,import,latency,doctrine,reclassify,reports,followups,campaign,segment-live,audience-delta,segments,predict,scale-out').split(','));
const campaignSends = small ? 100_000 : 1_000_000;
const scale = small
  ? { ingestVisitors: 12_000, scaleOutVisitors: 6_000, importVisitors: 12_000, latencySeconds: 8, doctrineContacts: 5_000, replayContacts: 100_000, pgReplayContacts: 20_000, reportContacts: 50_000 }
  : { ingestVisitors: 60_000, scaleOutVisitors: 20_000, importVisitors: 55_000, latencySeconds: 20, doctrineContacts: 10_000, replayContacts: 1_000_000, pgReplayContacts: 100_000, reportContacts: 1_000_000 };

const log = (...args) => console.error(new Date().toISOString().slice(11, 19), ...args);
const n = (x, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
const results = {};

if (only.has('doctrine')) {
  log('doctrine evaluation vs json-rules-engine');
  results.doctrine = await benchDoctrineEval({ contacts: scale.doctrineContacts, seconds: 3 });
}
if (only.has('ingest')) {
  log('HTTP ingest (peer, SQLite, PostgreSQL)');
  results.ingest = await benchIngestHttp({ visitors: scale.ingestVisitors });
}
if (only.has('scale-out')) {
  log('HTTP ingest through 1, 2 and 3 api processes on PostgreSQL');
  results.scaleOut = await benchScaleOut({ visitors: scale.scaleOutVisitors });
}
if (only.has('latency')) {
  log('latency at 5,000 events/s');
  results.latency = await benchLatency({ eventsPerSecond: 5000, seconds: scale.latencySeconds });
}
if (only.has('import')) {
  log('leadpulse import (SQLite, PostgreSQL)');
  results.import = await benchImport({ visitors: scale.importVisitors });
}
if (only.has('reclassify')) {
  log(`reclassify ${scale.replayContacts} contacts on SQLite (generating the dataset the first time)`);
  results.reclassify = [await benchReclassify({ contacts: scale.replayContacts, perContact: 10, engine: 'sqlite' })];
  log(`reclassify ${scale.pgReplayContacts} contacts on PostgreSQL`);
  results.reclassify.push(await benchReclassify({ contacts: scale.pgReplayContacts, perContact: 10, engine: 'postgres' }));
}
if (only.has('followups')) {
  log('follow-up scenarios: render and queue, SMTP path, due steps, cost growth (SQLite)');
  results.followups = await benchFollowUps({ small, log });
}
if (only.has('campaign')) {
  results.campaign = [];
  for (const engine of ['sqlite', 'postgres']) results.campaign.push(await benchCampaignReport({ sends: campaignSends, engine, log }));
}
if (only.has('audience-delta')) {
  log('audience delta at a million members vs the ids diffed in JS (SQLite, PostgreSQL)');
  results.audienceDelta = await benchAudienceDelta({ members: small ? 100_000 : 1_000_000, churn: small ? 1_000 : 10_000, log });
}
if (only.has('segments')) {
  results.segmentPreview = [];
  for (const engine of ['sqlite', 'postgres']) {
    log(`segment preview over ${small ? 100_000 : 1_000_000} contacts on ${engine} (bulk-loading them first)`);
    results.segmentPreview.push(await benchSegmentPreview({ contacts: small ? 100_000 : 1_000_000, engine, log }));
  }
}
if (only.has('predict')) {
  log(`predictive score: training on ${small ? '200,000' : '1,000,000'} snapshots, then the online cost per evaluation`);
  results.predict = { train: benchPredictTrain({ rows: small ? 200_000 : 1_000_000, features: 60, log }), online: await benchPredictOnline({ visitors: 3000, seconds: small ? 1 : 2 }) };
}
if (only.has('segment-live')) {
  log('keeping segments live: ingestion with 0 and 50 active segments, alternated (SQLite, PostgreSQL)');
  results.segmentLive = await benchSegmentLive({ visitors: small ? 1500 : 6000, rounds: small ? 2 : 3, log });
}
if (only.has('reports')) {
  results.reports = [];
  for (const engine of ['sqlite', 'postgres']) {
    log(`reports over ${scale.reportContacts} contacts on ${engine} (generating the dataset the first time)`);
    results.reports.push(await benchReports({ contacts: scale.reportContacts, perContact: 10, engine }));
  }
}

const pgVersion = await (async () => {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  const { rows } = await client.query('show server_version');
  await client.end();
  return rows[0].server_version;
})();
const sqliteVersion = new Database(':memory:').prepare('select sqlite_version() v').get().v;
const cpu = cpus()[0]?.model ?? 'unknown';
const met = (ok) => (ok ? 'met' : '**missed**');

const lines = [
  '# Performance',
  '',
  `Measured by \`npm run bench\`${small ? ' (BENCH_SCALE=small)' : ''} on ${new Date().toISOString().slice(0, 10)}. Machine: ${cpus().length} cores (${cpu}), ${n(totalmem() / 2 ** 30, 0)} GiB RAM (${n(freemem() / 2 ** 30, 0)} GiB free at start); Node ${process.version}; SQLite ${sqliteVersion} (better-sqlite3, WAL, synchronous=FULL); PostgreSQL ${pgVersion} on the same machine.`,
  'Every figure comes from one run, next to its peer in the same run: compare ratios rather than absolute numbers across machines.',
  'Reproduce with `npm run bench` (about 20 minutes on two cores; the 10-million-event replay and report datasets are generated once and cached in `bench/.data/`, and the PostgreSQL report dataset is rebuilt each run), or `BENCH_SCALE=small npm run bench` for a quick pass.',
  '',
];
if (results.ingest) {
  const { peer, sqlite, postgres } = results.ingest;
  lines.push(
    '## Ingestion over HTTP, end to end',
    '',
    `Realistic demo traffic (${n(sqlite.events)} events from ${n(scale.ingestVisitors)} visitors: pages with gaps, identifies, forms, carts, calls), posted as batches of 50 on \`/v1/batch\` by a load generator in another process with 32 keep-alive connections. LeadPulse answers 200 only after the events, the identities, the folded contacts and their classification are committed. The peer is a bare Fastify endpoint that parses the batch and inserts the rows into SQLite in one transaction per request, with no validation, identity, fold or classification.`,
    '',
    '| | events/s | p50 request (ms) | p99 request (ms) | vs peer | goal |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    `| peer: bare Fastify + SQLite insert | ${n(peer.eventsPerSecond)} | | ${n(peer.p99, 1)} | 1.00 | |`,
    `| LeadPulse on SQLite | ${n(sqlite.eventsPerSecond)} | ${n(sqlite.p50, 1)} | ${n(sqlite.p99, 1)} | ${n(sqlite.eventsPerSecond / peer.eventsPerSecond, 2)} | ≥ 50,000: ${met(sqlite.eventsPerSecond >= 50_000)} |`,
    `| LeadPulse on PostgreSQL | ${n(postgres.eventsPerSecond)} | ${n(postgres.p50, 1)} | ${n(postgres.p99, 1)} | ${n(postgres.eventsPerSecond / peer.eventsPerSecond, 2)} | |`,
    '',
    `Stored and classified at the end of the SQLite run: ${n(sqlite.stored)} events (incl. \`Stage Changed\`), stages ${Object.entries(sqlite.stages).map(([k, v]) => `${k} ${n(v)}`).join(', ')}. Failed requests: ${sqlite.failures + postgres.failures + peer.failures}.`,
    '',
  );
}
if (results.scaleOut) {
  const { runs } = results.scaleOut;
  const one = runs[0];
  lines.push(
    '## Scale-out: api processes on one PostgreSQL database',
    '',
    `The ingestion benchmark's demo traffic (${n(one.events)} events from ${n(results.scaleOut.visitors)} visitors, batches of 50, 32 connections) sent in turn to 1, 2 and 3 \`leadpulse serve --role api\` processes on one PostgreSQL database, each run on a fresh database. CPU is what each side spent per thousand events: the LeadPulse processes (all their threads) and the PostgreSQL backends that served them, sampled from /proc. Every process, the database and the load generator share the machine's two cores: docs/scale-out.md turns these costs into a sizing model.`,
    '',
    '| api processes | events/s | vs one | p99 request (ms) | LeadPulse CPU s / 1,000 events | PostgreSQL CPU s / 1,000 events |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map((r) => `| ${r.processes} | ${n(r.eventsPerSecond)} | ${n(r.eventsPerSecond / one.eventsPerSecond, 2)} | ${n(r.p99, 1)} | ${n(r.leadpulseCpuPerThousand, 3)} | ${n(r.databaseCpuPerThousand, 3)} |`),
    '',
    `Failed requests: ${runs.reduce((sum, r) => sum + r.failures, 0)}.`,
    '',
  );
}
if (results.latency) {
  const l = results.latency;
  lines.push(
    '## Latency at a fixed load',
    '',
    `Background traffic offered at ${n(l.offered)} events/s (achieved ${n(l.achieved)}) on SQLite. Probes send a \`Chat Started\` for a new visitor, then read the contact through the admin API until it shows \`hot\`. In LeadPulse the classification commits in the same transaction as the events, so "answer to stage readable" is one admin round trip.`,
    '',
    '| | p50 (ms) | p99 (ms) | goal |',
    '| --- | ---: | ---: | --- |',
    `| background batch request (50 events) | ${n(l.backgroundP50, 1)} | ${n(l.backgroundP99, 1)} | |`,
    `| probe request (1 event) | ${n(l.requestP50, 1)} | ${n(l.requestP99, 1)} | |`,
    `| HTTP answer → stage change readable | ${n(l.stageP50, 1)} | ${n(l.stageP99, 1)} | |`,
    `| event sent → stage change readable | | ${n(l.eventToStageP99, 1)} | p99 < 100 ms: ${met(l.eventToStageP99 < 100)} |`,
    '',
    `${l.probes} probes.`,
    '',
  );
}
if (results.import) {
  const i = results.import;
  lines.push(
    '## `leadpulse import`',
    '',
    `An NDJSON file of ${n(i.events)} demo events imported by the CLI as a user runs it (process start, migrations and doctrine load included; chunks of 2,000 events per transaction).`,
    '',
    '| store | events/s | wall time (s) | summary |',
    '| --- | ---: | ---: | --- |',
    // BENCH_IMPORT_ENGINES may have run one engine only.
    ...[['SQLite', i.sqlite], ['PostgreSQL', i.postgres]].filter(([, r]) => r).map(([label, r]) => `| ${label} | ${n(r.eventsPerSecond)} | ${n(r.wallSeconds, 1)} | ${r.summary.split(': ')[1] ?? r.summary} |`),
    '',
  );
}
if (results.doctrine) {
  const d = results.doctrine;
  lines.push(
    '## Compiled doctrine against json-rules-engine',
    '',
    `The default preset's stage rules over ${n(d.contacts)} folded contacts. LeadPulse compiles each doctrine version to JavaScript source (doctrine/generate-stage-decision.ts): the tallies it reads are gathered into fixed slots in one pass, each windowed count is a function of its own with its constants folded in; \`classify\` also computes the score with decay, the reasons with their evidence and the next change instant. json-rules-engine gets the windowed counts **pre-computed as facts** (work not timed, which favours it) and only evaluates the same conditions, run sequentially with \`engine.run(facts)\` as its documentation shows. Three rounds of 3 s per side, alternated; medians. Both sides agreed on ${1000 - d.disagreements} of 1,000 sampled contacts before timing (and \`stageOf\` agrees with \`classify\`).`,
    '',
    '| | evaluations/s | ratio | goal |',
    '| --- | ---: | ---: | --- |',
    `| json-rules-engine 7 | ${n(d.theirsPerSecond)} | 1 | |`,
    `| LeadPulse compiled doctrine, stage decision (\`stageOf\`, the same work) | ${n(d.oursPerSecond)} | ${n(d.ratio, 0)}× | ≥ 100×: ${met(d.ratio >= 100)} |`,
    `| LeadPulse full classification (\`classify\`: stage, reasons with evidence, decayed score, next change) | ${n(d.fullPerSecond)} | ${n(d.fullRatio, 0)}× | ≥ 30×: ${met(d.fullRatio >= 30)} |`,
    `| the same, on states as the store returns them (parsed from JSON) | ${n(d.storedPerSecond)} | ${n(d.storedRatio, 0)}× | |`,
    '',
  );
}
if (results.reclassify) {
  lines.push(
    '## `leadpulse reclassify` (full replay)',
    '',
    'Every contact is rebuilt from its events: the history is read in chunks of 1,000 contacts, folded from scratch, classified and written back, with stage changes recorded. The dataset is generated straight into the store (10 events per contact over 120 days); the replay runs in a process of its own, and its peak resident memory is reported.',
    '',
    '| store | contacts | events | time (s) | contacts/s | events/s | peak RSS (MiB) | goal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.reclassify.map((r) => `| ${r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'} | ${n(r.contacts)} | ${n(r.events)} | ${n(r.ms / 1000, 1)} | ${n(r.contacts / (r.ms / 1000))} | ${n(r.events / (r.ms / 1000))} | ${n(r.maxRssMB)} | ${r.engine === 'sqlite' && r.contacts >= 1_000_000 ? `< 30 s: ${met(r.ms < 30_000)}; < 1 GiB: ${met(r.maxRssMB < 1024)}` : ''} |`),
    '',
  );
}
if (results.reports) {
  const [sqlite, postgres] = results.reports;
  lines.push(
    '## Reports over maintained facts',
    '',
    `Each report over ${n(sqlite.contacts)} contacts and ${n(sqlite.events)} events (a year of first contacts, grouped by source), median of three runs after a warm-up, through the same code the API runs. The peer answers only the tunnel's counts, straight from the event log with one grouped scan: what a report costs without maintained state.`,
    '',
    '| report | SQLite (ms) | PostgreSQL (ms) | goal < 300 ms |',
    '| --- | ---: | ---: | --- |',
    ...sqlite.reports.map((r, i) => `| ${r.report} | ${n(r.ms)} | ${n(postgres.reports[i].ms)} | ${met(r.ms < 300 && postgres.reports[i].ms < 300)} |`),
    `| *peer: tunnel counts by full scan of the events* | ${n(sqlite.fullScanMs)} | ${n(postgres.fullScanMs)} | |`,
    `| *ratio peer / tunnel report* | ${n(sqlite.fullScanMs / sqlite.reports[0].ms, 1)}× | ${n(postgres.fullScanMs / postgres.reports[0].ms, 1)}× | |`,
    '',
  );
}
if (results.followups) lines.push(...followUpLines(results.followups, { n, met }));
if (results.segmentPreview) lines.push(...segmentPreviewLines(results.segmentPreview, { n, met }));
if (results.segmentLive) lines.push(...segmentLiveLines(results.segmentLive, { n, met }));
if (results.audienceDelta) lines.push(...audienceDeltaLines(results.audienceDelta, { n, met }));
if (results.predict) lines.push(...predictLines(results.predict, { n, met }));
if (results.campaign) {
  const [sqlite, postgres] = results.campaign;
  lines.push(
    '## Campaign report (measured scenarios)',
    '',
    `The campaign report (\`GET /api/v1/reports/scenarios\`, a year, horizon 30 days) over ${n(sqlite.sends)} sends of ${n(Math.ceil(sqlite.sends / 3))} enrolments in 10 scenarios with a 10 % control group and an A/B step, median of three runs after a warm-up, through the same code the API runs. The funnel is summed from the campaign rollup, kept by triggers as each send is inserted or changes status; the outcome is summed from the outcome rollup (per scenario, group and day of enrolment, for the fixed horizons 7, 14, 30, 60 and 90 days), kept by triggers as enrolments, milestones and orders are written. The first peer answers only the funnel, with one GROUP BY over the sends table; the second only the outcome, reading every enrolment of the period with its contact's milestones and orders (how the report answered before the outcome rollup). Seeding inserts every send, enrolment, contact and order through those triggers.`,
    '',
    '| measure | SQLite | PostgreSQL | goal |',
    '| --- | ---: | ---: | --- |',
    `| campaign report (ms) | ${n(sqlite.reportMs)} | ${n(postgres.reportMs)} | < 300 ms: ${met(sqlite.reportMs < 300 && postgres.reportMs < 300)} |`,
    `| *peer: funnel by GROUP BY over the sends (ms)* | ${n(sqlite.peerMs)} | ${n(postgres.peerMs)} | |`,
    `| *ratio peer / report* | ${n(sqlite.peerMs / sqlite.reportMs, 1)}× | ${n(postgres.peerMs / postgres.reportMs, 1)}× | |`,
    `| *peer: outcome read from every enrolment (ms)* | ${n(sqlite.outcomeScanMs)} | ${n(postgres.outcomeScanMs)} | |`,
    `| seeding: sends per second, rollup triggers included (with a third as many enrolments, contacts and events) | ${n(sqlite.sends / (sqlite.seedMs / 1000))} | ${n(postgres.sends / (postgres.seedMs / 1000))} | |`,
    '',
  );
}
lines.push('## What the numbers say', '', '<!-- analysis -->', '');
if (process.env.BENCH_ONLY && (small || process.env.BENCH_WRITE !== '1')) {
  console.log(JSON.stringify(results, (k, v) => (k === 'latencies' ? undefined : v), 2));
  process.exit(0);
}
const previous = (() => {
  try {
    return execSync('cat docs/PERFORMANCE.md', { encoding: 'utf8' });
  } catch {
    return '';
  }
})();
// The analysis section is written by people; keep it across runs.
const analysis = previous.split('<!-- analysis -->')[1] ?? '\nTo be written after a full run.\n';
let body = lines.join('\n').replace('<!-- analysis -->\n', '<!-- analysis -->');
if (process.env.BENCH_ONLY) {
  // A partial run (BENCH_WRITE=1) replaces only the sections it measured and keeps the others.
  const sectionsOf = (text) => text.split(/\n(?=## )/);
  const fresh = new Map(sectionsOf(body).slice(1).map((section) => [section.split('\n')[0], section]));
  const kept = sectionsOf(previous.split('<!-- analysis -->')[0]).map((section) => fresh.get(section.split('\n')[0]) ?? section);
  for (const [title, section] of fresh) if (!kept.some((k) => k.split('\n')[0] === title)) kept.splice(kept.length - 1, 0, section);
  body = kept.join('\n').replace(/\n*$/, '');
  if (!body.endsWith('<!-- analysis -->')) body = body.replace(/## What the numbers say[\s\S]*$/, '## What the numbers say\n\n<!-- analysis -->');
}
writeFileSync('docs/PERFORMANCE.md', `${body}${analysis.startsWith('\n') ? analysis : `\n${analysis}`}`);
console.log(JSON.stringify(results, (k, v) => (k === 'latencies' ? undefined : v), 2));
log('docs/PERFORMANCE.md written');
