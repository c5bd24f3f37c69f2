import type { EpochMs } from '../shared/ids.js';

/** The ad platforms an audience is pushed to (docs/audiences.md). */
export const AUDIENCE_PLATFORMS = ['meta', 'google'] as const;
export type AudiencePlatform = (typeof AUDIENCE_PLATFORMS)[number];

export const isAudiencePlatform = (value: unknown): value is AudiencePlatform => typeof value === 'string' && (AUDIENCE_PLATFORMS as readonly string[]).includes(value);

/**
 * Why a member of the segment was left out of an export or a sync. A malformed email or phone leaves the whole
 * contact out: nothing is ever sent half-normalised.
 */
export const AUDIENCE_SKIP_REASONS = ['no_consent', 'no_identifier', 'invalid_email', 'invalid_phone'] as const;
export type AudienceSkipReason = (typeof AUDIENCE_SKIP_REASONS)[number];

/**
 * Below this many matched people a platform does not serve ads to a customer list. Meta: "at least 100 people"
 * (Customer File Custom Audiences); Google: 100 active members on every network (Customer Match policy, since 2023).
 */
export const PLATFORM_MINIMUM: Readonly<Record<AudiencePlatform, number>> = { meta: 100, google: 100 };

/** What a contact offers to be matched with, before normalisation. Demographics come from core's profileOf columns. */
export interface AudienceContact {
  readonly contactId: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  /** ISO 3166-1 alpha-2 when recognisable (profileOf), else free text (then left out). */
  readonly country: string | null;
  readonly birthDate: EpochMs | null;
  readonly gender: string | null;
  /** The `ad_audiences` consent: only `true` is sent. */
  readonly consentAds: boolean | null;
}

/**
 * What core cannot do itself and the shell passes in: SHA-256 (node:crypto) and phone parsing (libphonenumber-js).
 * `phoneE164` answers the number in E.164 (`+33612345678`) or null when it is not a valid number.
 */
export interface IdentifierTools {
  sha256(text: string): string;
  phoneE164(raw: string, country: string | null): string | null;
}

/** One contact's identifiers as a platform receives them, or the reason it is left out. */
export type AudienceRow<R> = { readonly ok: true; readonly contactId: string; readonly row: R } | { readonly ok: false; readonly contactId: string; readonly reason: AudienceSkipReason };
