import { err, ok, type DomainError, type Result } from '@leadpulse/core';
import type { Logger, Store } from './ports.js';
import { normaliseAddress } from './suppression-address.js';
import { SUPPRESSION_REASONS, type SuppressionChannel, type SuppressionKey, type SuppressionReason, type SuppressionRecord } from './suppression-ports.js';

export interface SuppressionPage {
  readonly suppressions: readonly SuppressionRecord[];
  readonly nextCursor: string | null;
}

export interface SuppressionAdmin {
  list(query: { readonly limit: number; readonly cursor?: string; readonly channel?: SuppressionChannel; readonly reason?: SuppressionReason }): Promise<Result<SuppressionPage, DomainError>>;
  /**
   * Lifts an address from the list (every reason, or the ones named). A complaint is lifted only with `confirm`: the
   * person told their mailbox provider the mail was spam, and writing again risks the sender's reputation.
   */
  lift(channel: SuppressionChannel, address: string, options: { readonly confirm: boolean }): Promise<Result<{ lifted: number }, DomainError>>;
}

const encodeCursor = (key: SuppressionKey) => Buffer.from(JSON.stringify([key.channel, key.address, key.reason])).toString('base64url');
function decodeCursor(cursor: string): SuppressionKey | null {
  try {
    const [channel, address, reason] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    return typeof channel === 'string' && typeof address === 'string' && typeof reason === 'string' ? { channel: channel as SuppressionChannel, address, reason: reason as SuppressionReason } : null;
  } catch {
    return null;
  }
}

/** The suppression list for an admin: a cursor-paged list, and a careful lift. */
export function createSuppressionAdmin(deps: { store: Pick<Store, 'suppressions'>; logger: Logger }): SuppressionAdmin {
  return {
    async list(query) {
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) return err({ code: 'invalid_query', message: 'The cursor is not one this list gave.' });
      const rows = await deps.store.suppressions.list({ limit: query.limit + 1, after, ...(query.channel ? { channel: query.channel } : {}), ...(query.reason ? { reason: query.reason } : {}) });
      const page = rows.slice(0, query.limit);
      return ok({ suppressions: page, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null });
    },
    async lift(channel, raw, options) {
      const address = raw.startsWith('hash:') ? raw : normaliseAddress(channel, raw);
      const rows = await deps.store.suppressions.find(channel, [address]);
      if (rows.length === 0) return err({ code: 'suppression_not_found', message: `No ${channel} suppression lists ${raw}.` });
      if (rows.some((r) => r.reason === 'complained') && !options.confirm) {
        return err({ code: 'confirmation_required', message: `${raw} complained (marked a message as spam): lift it with confirm=true only if the person asked to hear from you again.` });
      }
      const lifted = await deps.store.suppressions.lift(channel, address, SUPPRESSION_REASONS);
      deps.logger.info({ channel, reasons: rows.map((r) => r.reason), lifted }, 'suppression.lifted');
      return ok({ lifted });
    },
  };
}
