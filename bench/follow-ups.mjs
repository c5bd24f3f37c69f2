// Issue 14's benchmarks, run by bench/run.mjs (BENCH_ONLY=followups): each measure and its peer in the same run.
import { benchDueLatency } from './due-latency.mjs';
import { benchEnrolmentGrowth } from './enrolment-growth.mjs';
import { benchFollowUpThroughput } from './follow-up-throughput.mjs';
import { benchSmtpPath } from './smtp-path.mjs';

export async function benchFollowUps({ small, log }) {
  const scale = small
    ? { contacts: 2000, messages: 1000, enrolments: 10_000, spreadSeconds: 10, growth: { small: 2000, large: 20_000 } }
    : { contacts: 10_000, messages: 5000, enrolments: 100_000, spreadSeconds: 60, growth: { small: 10_000, large: 100_000 } };
  log(`  render and queue ${scale.contacts} messages (LeadPulse, bare loop)`);
  const throughput = await benchFollowUpThroughput({ contacts: scale.contacts });
  log(`  SMTP path, ${scale.messages} messages (LeadPulse outbox, bare nodemailer pool), instant relay`);
  const smtp = await benchSmtpPath({ messages: scale.messages });
  log(`  SMTP path, ${scale.messages} messages, relay answering in ${RELAY_DELAY_MS} ms, pipeline 1 and 5`);
  const smtpSlow = await benchSmtpPath({ messages: scale.messages, relayDelayMs: RELAY_DELAY_MS });
  const smtpSlowWide = await benchSmtpPath({ messages: scale.messages, relayDelayMs: RELAY_DELAY_MS, pipeline: 5 });
  log(`  ${scale.enrolments} enrolments due over ${scale.spreadSeconds} s, hot probes`);
  const due = await benchDueLatency({ enrolments: scale.enrolments, spreadSeconds: scale.spreadSeconds });
  log(`  cost growth, ${scale.growth.small} and ${scale.growth.large} enrolments`);
  const growth = await benchEnrolmentGrowth(scale.growth);
  return { throughput, smtp, smtpSlow, smtpSlowWide, due, growth };
}

/** A relay that syncs each message to disk before it answers, on the local network: a few milliseconds, say 20. */
const RELAY_DELAY_MS = 20;

/** The section of docs/PERFORMANCE.md these measures write. */
export function followUpLines({ throughput, smtp, smtpSlow, smtpSlowWide, due, growth }, { n, met }) {
  const perEnrolment = (r) => `${n(r.perEnrolmentMs * 1000, 0)} µs`;
  return [
    '## Follow-up scenarios',
    '',
    `All on SQLite (WAL, synchronous=FULL). **Rendered and queued**: ${n(throughput.contacts)} enrolments due at once on an email step; LeadPulse's scheduler work (\`runFollowUps\`: claim the due enrolments, decide each step, write its send in the same commit, then claim the sends, render each in the contact's language over Liquid and MJML with a plain-text part, and record the outcome) against a relay that takes every message at once. The peer renders the same template (liquidjs, mjml compiled once, html-to-text) and inserts the rows with better-sqlite3, 500 per transaction. **SMTP path**: ${n(smtp.messages)} queued sends drained by the outbox (render, nodemailer pool of 5, one message at a time past the hand-over gate, each outcome committed before the next message is let go) into the tests' smtp-server in another process, against a bare nodemailer pool of 5 sending the same messages to it: once with a relay that answers at once (both senders share the 2 cores with it, so this measures CPU per message), once with a relay that answers each message ${smtpSlow ? smtpSlow.relayDelayMs : '?'} ms later, as one that syncs its queue to disk does.`,
    '',
    '| | messages/s | vs peer | goal |',
    '| --- | ---: | ---: | --- |',
    `| peer: liquidjs + mjml + html-to-text, better-sqlite3 insert | ${n(throughput.peer.perSecond)} | 1.00 | |`,
    `| LeadPulse: decided, queued, rendered, recorded | ${n(throughput.ours.perSecond)} | ${n(throughput.ratio, 2)} | ≥ 1,000/s: ${met(throughput.ours.perSecond >= 1000)} |`,
    `| peer: bare nodemailer pool → relay | ${n(smtp.peer.perSecond)} | 1.00 | |`,
    `| LeadPulse outbox → instant relay | ${n(smtp.ours.perSecond)} | ${n(smtp.ratio, 2)} | bounded by the relay (ratio near 1): ${met(smtp.ratio >= 0.8)} |`,
    ...(smtpSlow
      ? [
          `| peer: bare nodemailer pool → relay answering in ${smtpSlow.relayDelayMs} ms | ${n(smtpSlow.peer.perSecond)} | 1.00 | |`,
          `| LeadPulse outbox → relay answering in ${smtpSlow.relayDelayMs} ms, LEADPULSE_SEND_PIPELINE=1 (default) | ${n(smtpSlow.ours.perSecond)} | ${n(smtpSlow.ratio, 2)} | at most 1000 / ${smtpSlow.relayDelayMs} = ${n(1000 / smtpSlow.relayDelayMs)}/s by design (one unrecorded message at a time) |`,
          ...(smtpSlowWide ? [`| LeadPulse outbox → relay answering in ${smtpSlowWide.relayDelayMs} ms, LEADPULSE_SEND_PIPELINE=5 | ${n(smtpSlowWide.ours.perSecond)} | ${n(smtpSlowWide.ours.perSecond / smtpSlow.peer.perSecond, 2)} | bounded by the relay (ratio near 1): ${met(smtpSlowWide.ours.perSecond / smtpSlow.peer.perSecond >= 0.8)}; up to 5 repeats per crash |`] : []),
        ]
      : []),
    '',
    `**Due steps**: ${n(due.enrolments)} active enrolments whose step (a sales task, written with the enrolment's new position as a send is) comes due evenly over ${due.spreadSeconds} s, real clock, scheduler at its default 1 s interval; the delay is the instant a reader polling every 100 ms saw the row committed minus its due instant (an upper bound, by up to the poll). **Hot alert**: meanwhile a new contact moves to hot over HTTP every 250 ms; its sales alert is written in the ingest transaction, so the HTTP answer (after the commit) is when the alert is in the outbox.`,
    '',
    '| | p50 (ms) | p99 (ms) | max (ms) | goal |',
    '| --- | ---: | ---: | ---: | --- |',
    `| due instant → step committed (${n(due.ran)} of ${n(due.enrolments)} ran) | ${n(due.dueP50)} | ${n(due.dueP99)} | ${n(due.dueMax)} | p99 ≤ 5 s: ${met(due.ran === due.enrolments && due.dueP99 <= 5000)} |`,
    `| move to hot → sales alert in the outbox (${due.hotProbes} probes, ${due.alerts} alerts) | ${n(due.hotP50, 1)} | ${n(due.hotP99, 1)} | | ≤ 1 s: ${met(due.alerts >= due.hotProbes && due.hotP99 <= 1000)} |`,
    '',
    '**Cost growth**: time to advance every due enrolment (`runFollowUps` until none is due), per enrolment. The last row has the small number due among the large number enrolled (the others due a day later): it costs what the small run costs only if a claim reads the due enrolments from the front of its index and never the whole table or all contacts.',
    '',
    '| enrolled | due | total (ms) | per enrolment | vs smallest |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...[growth.small, growth.large, growth.smallAmongLarge].map((r) => `| ${n(r.total)} | ${n(r.due)} | ${n(r.ms)} | ${perEnrolment(r)} | ${n(r.perEnrolmentMs / growth.small.perEnrolmentMs, 2)} |`),
    '',
    `Linear (per-enrolment cost at ${n(growth.large.due)} within 1.5× of ${n(growth.small.due)}) and no full scan (${n(growth.small.due)} due among ${n(growth.smallAmongLarge.total)} within 1.5× of ${n(growth.small.due)} alone): ${met(growth.large.perEnrolmentMs <= 1.5 * growth.small.perEnrolmentMs && growth.smallAmongLarge.perEnrolmentMs <= 1.5 * growth.small.perEnrolmentMs)}.`,
    '',
  ];
}
