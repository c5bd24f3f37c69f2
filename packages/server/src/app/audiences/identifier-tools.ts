import type { IdentifierTools } from '@leadpulse/core';
import { e164, sha256 } from '../conversions/hash-identifiers.js';

/** SHA-256 in lowercase hex and E.164 phones: the shell's half of core's row builders, shared with conversions. */
export const identifierTools: IdentifierTools = { sha256, phoneE164: (raw, country) => e164(raw, country) };
