import { err, googleCsvHeader, googleCsvLine, googleRowOf, metaCsvHeader, metaCsvLine, metaRowOf, ok, refusalOf, type AudienceContact, type AudiencePlatform, type AudienceSkipReason, type DomainError, type Result } from '@leadpulse/core';
import type { Store } from '../ports.js';
import { guardOf } from './audience-admin.js';
import { audienceContactOf } from './audience-contact.js';
import { identifierTools } from './identifier-tools.js';

export interface AudienceExport {
  readonly csv: string;
  readonly exported: number;
  /** Members left out, per reason: the export says how many and why. */
  readonly skipped: Partial<Record<AudienceSkipReason, number>>;
}

const PAGE = 5_000;

function csvLineOf(platform: AudiencePlatform, contact: AudienceContact): { ok: true; text: string } | { ok: false; reason: AudienceSkipReason } {
  if (platform === 'meta') {
    const row = metaRowOf(contact, identifierTools);
    return row.ok ? { ok: true, text: metaCsvLine(row.row) } : row;
  }
  const row = googleRowOf(contact, identifierTools);
  return row.ok ? { ok: true, text: googleCsvLine(row.row) } : row;
}

/**
 * The audience as a file in the platform's upload template, for users who upload by hand: the same gate, normalisation
 * and hashing as a sync, so a file never holds a contact without ad consent nor a plain identifier.
 */
export function createExportAudience(deps: { store: Store }) {
  return async function exportAudience(id: string, platform: AudiencePlatform): Promise<Result<AudienceExport, DomainError>> {
    const audience = await deps.store.audiences.get(id);
    if (!audience) return err({ code: 'audience_not_found', message: `No audience has the id ${id}.` });
    const refusal = refusalOf(await guardOf(deps.store, audience));
    if (refusal) return err({ code: 'audience_refused', message: refusal });
    const lines = [platform === 'meta' ? metaCsvHeader() : googleCsvHeader()];
    const skipped: Partial<Record<AudienceSkipReason, number>> = {};
    let exported = 0;
    for (let after: string | null = null; ; ) {
      const page = await deps.store.audiences.members(audience.segmentId, after, PAGE);
      for (const source of page) {
        const line = csvLineOf(platform, audienceContactOf(source));
        if (!line.ok) skipped[line.reason] = (skipped[line.reason] ?? 0) + 1;
        else {
          exported += 1;
          lines.push(line.text);
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.contactId;
    }
    return ok({ csv: lines.join(''), exported, skipped });
  };
}
