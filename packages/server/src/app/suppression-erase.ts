import type { ContactId, EpochMs } from '@leadpulse/core';
import type { ErasureHasher } from './erasure-keys.js';
import type { Identity, StoreTx } from './ports.js';
import { hashedAddress } from './suppression-address.js';
import type { SuppressionRecord } from './suppression-ports.js';

/**
 * An erase keeps the suppression list working without the addresses: the contacts' rows become keyed hashes with no
 * contact, and each of their email addresses is listed as `erased` (a comeback under the same address is not written
 * to as marketing until it consents again and an admin lifts the row). Runs in the erase's transaction.
 */
export async function hashSuppressedAddresses(tx: Pick<StoreTx, 'suppressionsOfContacts' | 'deleteSuppressionsOfContacts' | 'insertSuppressions'>, of: { ids: readonly ContactId[]; identities: readonly Identity[]; hasher: ErasureHasher; erasedAt: EpochMs }): Promise<void> {
  const rows = await tx.suppressionsOfContacts(of.ids);
  await tx.deleteSuppressionsOfContacts(of.ids);
  const hashed: SuppressionRecord[] = rows.map((row) => ({ ...row, contactId: null, address: row.address.startsWith('hash:') ? row.address : hashedAddress(of.hasher, row.channel, row.address) }));
  for (const identity of of.identities) {
    if (identity.kind === 'email') hashed.push({ channel: 'email', address: hashedAddress(of.hasher, 'email', identity.value), reason: 'erased', contactId: null, at: of.erasedAt, source: 'erase' });
  }
  await tx.insertSuppressions(hashed);
}
