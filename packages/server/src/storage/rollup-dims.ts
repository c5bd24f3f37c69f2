/**
 * The report groupings the rollup keeps, and the facts column (or pair of columns) each one reads: shared by the
 * migration that creates the rollup's triggers and the tunnel's reads of it. A change here needs a migration that
 * rebuilds the triggers and the cells.
 */
export const ROLLUP_DIMS = {
  none: null,
  source: ['first_source'],
  medium: ['first_medium'],
  campaign: ['first_campaign'],
  landing: ['first_landing'],
  'last-source': ['last_source'],
  'last-medium': ['last_medium'],
  'last-campaign': ['last_campaign'],
  'source+campaign': ['first_source', 'first_campaign'],
  'medium+campaign': ['first_medium', 'first_campaign'],
} as const satisfies Record<string, readonly string[] | null>;

/** Joins the values of a compound grouping; a control character no UTM value contains. */
export const ROLLUP_SEPARATOR = '\u001f';
