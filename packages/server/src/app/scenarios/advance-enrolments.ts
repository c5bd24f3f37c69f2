import type { ContactId } from '@leadpulse/core';
import type { ContactRecord, Store } from '../ports.js';
import type { EffectRows } from './effect-rows.js';
import type { StepRunContext } from './run-steps.js';
import { end, runSteps } from './run-steps.js';

/**
 * The scheduler's share of the scenarios: claims enrolments whose step is due (on PostgreSQL with SKIP LOCKED, so
 * N workers share them and none runs a step twice), runs their steps and commits positions and effects together.
 * Returns how many enrolments ran, and the trait updates to ingest after the commit.
 */
export async function advanceDueEnrolments(store: Pick<Store, 'transaction'>, ctx: StepRunContext, limit: number): Promise<{ ran: number; traitEvents: EffectRows['traitEvents'] }> {
  return store.transaction(async (tx) => {
    const due = await tx.claimDueEnrolments(ctx.now, limit);
    if (due.length === 0) return { ran: 0, traitEvents: [] };
    const contacts = new Map<ContactId, ContactRecord>((await tx.lockContacts([...new Set(due.map((e) => e.contactId))])).map((c) => [c.id, c]));
    const items = due.flatMap((enrolment) => (contacts.has(enrolment.contactId) ? [{ enrolment, contact: contacts.get(enrolment.contactId)! }] : []));
    // A contact merged into another or erased leaves its enrolments behind: they end instead of coming due forever.
    const orphans = due.filter((e) => !contacts.has(e.contactId)).map((e) => end(e, ctx.now, 'the contact was merged or erased'));
    if (orphans.length > 0) await tx.saveEnrolments(orphans);
    const traitEvents = await runSteps(tx, items, ctx);
    return { ran: due.length, traitEvents };
  });
}
