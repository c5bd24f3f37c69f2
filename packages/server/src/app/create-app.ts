import { DOCTRINE_PRESETS, type ContactId } from '@leadpulse/core';
import { createAnonymiseContact } from './anonymise-contact.js';
import { createApiKeys } from './api-keys.js';
import { createBulkLoad } from './bulk-load.js';
import { createContactQueries } from './contact-queries.js';
import { createDoctrineAdmin } from './doctrine-admin.js';
import { createEraseContact } from './erase-contact.js';
import { loadErasureHasher } from './erasure-keys.js';
import { createExportContact } from './export-contact.js';
import { createEvaluateDue } from './evaluate-due.js';
import type { LeadPulseApp } from './leadpulse-app.js';
import type { Clock, Store } from './ports.js';
import { createReports } from './reports.js';
import { createStageFeed } from './stage-feed.js';
import { createSuggestDoctrine } from './suggest-doctrine.js';
import { createSessions } from './sessions.js';
import { createUserAccounts } from './user-accounts.js';
import type { FollowUps } from './scenarios/follow-ups.js';
import type { EmailFeedback } from './email-feedback.js';
import type { CheckEmailDomain } from './email-domain-check.js';
import { tieEmailVisits } from './email-engagement.js';
import type { SegmentMembership } from './segments/rebuild-membership.js';
import { createSegmentAdmin } from './segments/segment-admin.js';
import { noConversions, type Conversions } from './conversions/create-conversions.js';
import { createAudiences, type Audiences } from './audiences/create-audiences.js';
import type { ModelTraining } from './predict/model-training.js';
import { adviseFromHistory } from './predict/advise-from-history.js';

export interface AppParts {
  readonly app: LeadPulseApp;
  readonly doctrine: ReturnType<typeof createDoctrineAdmin>;
  readonly keys: ReturnType<typeof createApiKeys>;
}

/** Binds the use cases over one store and clock. Ingestion is passed in: it owns the write pipeline. */
export function createApp(deps: { store: Store; clock: Clock; ingest: LeadPulseApp['ingest']; followUps: FollowUps; emailFeedback: EmailFeedback; checkEmailDomain: CheckEmailDomain; conversions?: Conversions; audiences?: Audiences; segmentMembership?: SegmentMembership; models: ModelTraining }, doctrine = createDoctrineAdmin(deps)): AppParts {
  const keys = createApiKeys(deps);
  const contacts = createContactQueries({ ...deps, doctrine: doctrine.current });
  const evaluateDue = createEvaluateDue({ ...deps, doctrine: doctrine.current, latestDoctrine: doctrine.latestIn, followUp: deps.followUps.onWrite, segments: deps.segmentMembership?.active.current });
  const privacy = { ...deps, hasher: loadErasureHasher(deps.store), doctrine: doctrine.current, forgetMessages: deps.followUps.forgetMessages };
  const app: LeadPulseApp = {
    // A visit landing from an email click names the contact who clicked (the tracker's lp_ct).
    ingest: async (rawEvents, context) => deps.ingest(await tieEmailVisits(rawEvents, deps.followUps.engagement), context),
    bulkLoad: createBulkLoad(deps),
    evaluateDue,
    reclassify: doctrine.reclassify,
    getContact: contacts.getContact,
    lookupContact: contacts.lookupContact,
    listContacts: contacts.listContacts,
    contactTimeline: contacts.contactTimeline,
    contactHistory: contacts.contactHistory,
    eraseContact: createEraseContact(privacy),
    anonymiseContact: createAnonymiseContact(privacy),
    exportContact: createExportContact(privacy),
    explainContact: (id: ContactId) => contacts.explainContact(id),
    getDoctrine: async () => doctrine.current().record,
    doctrineVersions: doctrine.versions,
    putDoctrine: doctrine.put,
    previewDoctrine: doctrine.preview,
    validateDoctrine: doctrine.validate,
    suggestDoctrine: createSuggestDoctrine({ ...deps, candidates: DOCTRINE_PRESETS }),
    authenticateWriteKey: (secret) => keys.authenticate('write', secret),
    authenticateAdmin: (token) => keys.authenticate('admin', token),
    createKey: (kind, options) => keys.createKey(kind, options),
    listKeys: keys.listKeys,
    revokeKey: keys.revokeKey,
    users: createUserAccounts(deps),
    sessions: createSessions(deps),
    stageCounts: () => deps.store.contacts.countByStage(),
    stageFeed: createStageFeed({ ...deps, doctrine: doctrine.current }),
    reports: createReports({ ...deps, doctrine: doctrine.current }),
    scenarios: deps.followUps.scenarios,
    templates: deps.followUps.templates,
    outbox: deps.followUps.outbox,
    tasks: deps.followUps.tasks,
    engagement: deps.followUps.engagement,
    unsubscribe: deps.followUps.unsubscribe,
    suppressions: deps.followUps.suppressions,
    runFollowUps: deps.followUps.runFollowUps,
    emailFeedback: deps.emailFeedback,
    checkEmailDomain: deps.checkEmailDomain,
    contactFollowUps: deps.followUps.contactFollowUps,
    conversions: deps.conversions ?? noConversions(deps.store),
    audiences: deps.audiences ?? createAudiences({ store: deps.store, clock: deps.clock, platforms: {} }),
    segments: createSegmentAdmin({ store: deps.store, clock: deps.clock, doctrine: doctrine.current, ...(deps.segmentMembership ? { rebuilds: deps.segmentMembership.rebuilds } : {}) }),
    models: deps.models,
    adviseDoctrine: (options) => adviseFromHistory(deps.store, doctrine.current(), { horizonDays: options.horizonDays, now: deps.clock.now().getTime() }),
    predictContact: async (id: ContactId) => {
      const predictor = doctrine.current().predictor;
      const record = predictor ? await deps.store.contacts.get(id) : null;
      if (!predictor || !record) return null;
      const now = deps.clock.now().getTime();
      return { modelId: predictor.modelId, horizonDays: predictor.horizonDays, probability: predictor.probability(record.state, now, record.stage), factors: predictor.factors(record.state, now, record.stage) };
    },
    isReady: () => deps.store.isReady(),
    now: () => deps.clock.now().getTime(),
  };
  return { app, doctrine, keys };
}
