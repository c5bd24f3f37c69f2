import type { EpochMs } from '@leadpulse/core';
import { dkimDnsRecord, type DkimSigning } from '../messaging/dkim-key.js';
import type { Clock } from './ports.js';

/** TXT look-ups (node:dns's resolveTxt in production; a stub in tests: DNS is an outside service). */
export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

/** found: a usable record; missing: none published; invalid: one that does not work; unreachable: DNS could not be asked. */
export type RecordState = 'found' | 'missing' | 'invalid' | 'unreachable' | 'not_configured';

export interface RecordCheck {
  readonly kind: 'spf' | 'dkim' | 'dmarc';
  /** The DNS name looked up. */
  readonly name: string;
  readonly state: RecordState;
  /** The TXT records of that kind found there. */
  readonly found: readonly string[];
  /** Why the state is what it is, in a sentence an admin can act on. */
  readonly detail: string;
  /** The TXT record to publish at `name` when one is missing or wrong. */
  readonly suggested: string | null;
}

export interface EmailDomainReport {
  readonly domain: string;
  readonly checkedAt: EpochMs;
  /** False when DNS could not be asked at all (no network): every record then says "could not check". */
  readonly reachable: boolean;
  readonly records: readonly RecordCheck[];
}

/** The domain of a From header: `Name <news@example.fr>` or `news@example.fr`. */
export const domainOfAddress = (from: string) => (/@([^\s<>@]+?)>?\s*$/.exec(from)?.[1] ?? '').toLowerCase();

type Lookup = { ok: true; records: string[] } | { ok: false; missing: boolean; error: string };

async function lookUp(resolver: TxtResolver, name: string): Promise<Lookup> {
  try {
    // A long TXT record comes in 255-byte strings: joined, they are the record.
    return { ok: true, records: (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
    return { ok: false, missing: code === 'ENOTFOUND' || code === 'ENODATA', error: `${code}: ${(error as Error).message}` };
  }
}

const publicKeyOf = (record: string) => /(?:^|;)\s*p=([^;]*)/.exec(record)?.[1]?.replace(/\s+/g, '') ?? null;

/**
 * Checks the sending domain's SPF, DKIM and DMARC records and says what to publish. With no network the answer says
 * "could not check" for each record rather than failing: the settings screen shows it as such.
 */
export function createEmailDomainCheck(deps: { resolver: TxtResolver; clock: Clock; emailFrom: string; dkim: DkimSigning | null }) {
  return async function checkEmailDomain(): Promise<EmailDomainReport> {
    const domain = domainOfAddress(deps.emailFrom);
    const checkedAt = deps.clock.now().getTime();
    const dkimName = deps.dkim ? `${deps.dkim.keySelector}._domainkey.${deps.dkim.domainName}` : `<selector>._domainkey.${domain}`;
    const expectedDkim = deps.dkim ? dkimDnsRecord(deps.dkim.privateKey) : null;
    const suggestions = { spf: 'v=spf1 mx include:<your email provider\'s SPF domain> ~all', dkim: expectedDkim, dmarc: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}` };

    // The domain's own TXT answer tells "no record" from "no DNS": a resolver cut off from the network says the
    // domain does not exist (ENOTFOUND) as readily as one that asked. Only once the apex answers is a missing
    // _dmarc or _domainkey name believed.
    const apex = await lookUp(deps.resolver, domain);
    const apexAnswered = apex.ok || (apex.error.startsWith('ENODATA'));
    if (!apexAnswered) {
      const detail = `Could not check: DNS gave no answer for ${domain} (${apex.ok ? '' : apex.error}). The network may be unreachable from this server, or the domain does not exist.`;
      const unreachable = (kind: RecordCheck['kind'], name: string): RecordCheck => ({ kind, name, state: kind === 'dkim' && !deps.dkim ? 'not_configured' : 'unreachable', found: [], detail, suggested: suggestions[kind] });
      return { domain, checkedAt, reachable: false, records: [unreachable('spf', domain), unreachable('dkim', dkimName), unreachable('dmarc', `_dmarc.${domain}`)] };
    }

    const spfRecords = apex.ok ? apex.records.filter((r) => /^v=spf1(\s|$)/i.test(r)) : [];
    const spf: RecordCheck =
      spfRecords.length === 1
        ? { kind: 'spf', name: domain, state: 'found', found: spfRecords, detail: 'One SPF record: receivers can check which servers may send for this domain. Make sure it names your SMTP relay.', suggested: null }
        : spfRecords.length > 1
          ? { kind: 'spf', name: domain, state: 'invalid', found: spfRecords, detail: 'More than one SPF record: receivers treat that as a permanent error (RFC 7208 section 4.5). Merge them into one.', suggested: null }
          : { kind: 'spf', name: domain, state: 'missing', found: [], detail: 'No SPF record: receivers cannot tell which servers may send for this domain.', suggested: suggestions.spf };

    let dkim: RecordCheck;
    if (!deps.dkim) {
      dkim = { kind: 'dkim', name: dkimName, state: 'not_configured', found: [], detail: 'Messages are not signed: set LEADPULSE_DKIM_DOMAIN, LEADPULSE_DKIM_SELECTOR and LEADPULSE_DKIM_PRIVATE_KEY, then publish the record shown here.', suggested: null };
    } else {
      const found = await lookUp(deps.resolver, dkimName);
      const records = found.ok ? found.records.filter((r) => /(^|;)\s*p=/.test(r)) : [];
      const ours = publicKeyOf(expectedDkim!);
      if (!found.ok && !found.missing) dkim = { kind: 'dkim', name: dkimName, state: 'unreachable', found: [], detail: `Could not check: ${found.error}.`, suggested: expectedDkim };
      else if (records.length === 0) dkim = { kind: 'dkim', name: dkimName, state: 'missing', found: [], detail: 'No DKIM key is published for the configured selector: signed messages fail DKIM until it is.', suggested: expectedDkim };
      else if (records.some((r) => publicKeyOf(r) === ours)) dkim = { kind: 'dkim', name: dkimName, state: 'found', found: records, detail: 'The published key matches the configured private key.', suggested: null };
      else dkim = { kind: 'dkim', name: dkimName, state: 'invalid', found: records, detail: 'The published key is not the public half of LEADPULSE_DKIM_PRIVATE_KEY: signatures will fail. Publish the record shown here.', suggested: expectedDkim };
    }

    const dmarcName = `_dmarc.${domain}`;
    const dmarcFound = await lookUp(deps.resolver, dmarcName);
    const dmarcRecords = dmarcFound.ok ? dmarcFound.records.filter((r) => /^v=DMARC1\s*(;|$)/i.test(r)) : [];
    let dmarc: RecordCheck;
    if (!dmarcFound.ok && !dmarcFound.missing) dmarc = { kind: 'dmarc', name: dmarcName, state: 'unreachable', found: [], detail: `Could not check: ${dmarcFound.error}.`, suggested: suggestions.dmarc };
    else if (dmarcRecords.length === 0) dmarc = { kind: 'dmarc', name: dmarcName, state: 'missing', found: [], detail: 'No DMARC policy: Gmail and Yahoo require one from bulk senders. Start with p=none and read the reports.', suggested: suggestions.dmarc };
    else if (dmarcRecords.length > 1 || !/;\s*p=(none|quarantine|reject)\s*(;|$)/i.test(dmarcRecords[0]!)) dmarc = { kind: 'dmarc', name: dmarcName, state: 'invalid', found: dmarcRecords, detail: 'The DMARC record needs exactly one record with a p= policy: none, quarantine or reject (RFC 7489 section 6.3).', suggested: suggestions.dmarc };
    else dmarc = { kind: 'dmarc', name: dmarcName, state: 'found', found: dmarcRecords, detail: 'A DMARC policy is published.', suggested: null };

    return { domain, checkedAt, reachable: true, records: [spf, dkim, dmarc] };
  };
}

export type CheckEmailDomain = ReturnType<typeof createEmailDomainCheck>;
