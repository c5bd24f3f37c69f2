import type { EpochMs } from '../shared/ids.js';

/** What a contact may agree to or refuse, each on its own (DESIGN 3.5). */
export const CONSENT_PURPOSES = ['email_marketing', 'sms_marketing', 'ad_audiences', 'tracking'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const isConsentPurpose = (value: unknown): value is ConsentPurpose => typeof value === 'string' && (CONSENT_PURPOSES as readonly string[]).includes(value);

/** One answer: given or refused, where it came from (`unsubscribe-page`, `api`, `import`…), and when, in event time. */
export interface ConsentEntry {
  readonly granted: boolean;
  readonly source: string;
  readonly at: EpochMs;
}

/** The latest answer per purpose, as the fold keeps it on the contact; a purpose never answered is absent. */
export type ConsentRecord = Partial<Record<ConsentPurpose, ConsentEntry>>;

/** Where a purpose stands: `granted` is null while the contact never answered (no refusal: messages may go). */
export interface ConsentStatus {
  readonly granted: boolean | null;
  readonly source: string | null;
  readonly at: EpochMs | null;
}
