import type { ErasureHasher } from './erasure-keys.js';
import type { SuppressionChannel } from './suppression-ports.js';

/** The form addresses take on the suppression list: emails trimmed and in lower case, phones without spacing. */
export function normaliseAddress(channel: SuppressionChannel, address: string): string {
  const trimmed = address.trim();
  return channel === 'email' ? trimmed.toLowerCase() : trimmed.replace(/[\s().-]/g, '');
}

/**
 * What an erased contact's address becomes on the list: a keyed hash (the erase key, erasure-keys.ts), so a later
 * send to the same address is still recognised while the address itself is gone.
 */
export const hashedAddress = (hasher: ErasureHasher, channel: SuppressionChannel, address: string): string => `hash:${hasher.message(`suppression:${channel}:${normaliseAddress(channel, address)}`)}`;

/** The phone number a contact's traits give (trait `phone`, else `mobile`), as SMS sends use it. */
export function phoneOfTraits(traits: Readonly<Record<string, unknown>>): string | null {
  const raw = traits['phone'] ?? traits['mobile'];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}
