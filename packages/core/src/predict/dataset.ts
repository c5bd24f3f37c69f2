import type { EpochMs } from '../shared/ids.js';
import type { ContactState } from '../fold/contact-state.js';

/**
 * The predictive score's shared shapes (issue 17). Features are computed from a folded ContactState at an instant
 * (predict/features.ts), the same way online and in training; models learn from a Dataset (predict/train-model.ts).
 */

/** The three horizons a purchase is predicted within. */
export const HORIZONS_DAYS = [30, 90, 180] as const;
export type HorizonDays = (typeof HORIZONS_DAYS)[number];

/** What one column of the feature matrix means, in words a marketer reads. */
export interface FeatureInfo {
  /** Stable machine key, e.g. `count:offer:30d`, `event:Form Submitted:90d`, `trait:plan=pro`, `recency:days`. */
  readonly key: string;
  readonly kind: 'count' | 'sum' | 'days' | 'flag' | 'number';
  /** Plain sentences: "offer-page views in the last 30 days" / "vues de la page d'offre sur les 30 derniers jours". */
  readonly labels: { readonly en: string; readonly fr: string };
}

/**
 * A contact as it stood at a past instant, with what happened after it. Built from the event log by replay: the state
 * holds only events at or before `at`, so no feature can look past the instant it describes.
 */
export interface Snapshot {
  readonly contactId: string;
  readonly at: EpochMs;
  readonly state: ContactState;
  /** When the contact next bought after `at` (Order Completed), or null if not within the data. */
  readonly nextPurchaseAt: EpochMs | null;
  /** The end of the observed data for this contact: a horizon that runs past it is unknown, not negative. */
  readonly observedUntil: EpochMs;
}

/** Rows × features, row-major; NaN marks a missing value. `at` orders rows in time for time-ordered validation. */
export interface Dataset {
  readonly features: readonly FeatureInfo[];
  readonly rows: number;
  readonly x: Float64Array;
  readonly y: Uint8Array;
  readonly at: Float64Array;
}
