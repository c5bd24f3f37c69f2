/**
 * The campaign report's statistics (treated against control, A/B variants), apart from the package's index: they
 * load the @stdlib distributions (a few hundred small modules), which only a report needs. Import them from
 * `@leadpulse/core/campaign-statistics`, lazily (`await import(...)`) where start-up time matters.
 */
export * from './campaigns/compare-groups.js';
export * from './campaigns/campaign-results.js';
