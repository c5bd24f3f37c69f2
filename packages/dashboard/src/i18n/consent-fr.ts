import type { consentEn } from './consent-en.js';

/** Le consentement sur la fiche contact, en français : les mêmes clés que consent-en.ts. */
export const consentFr: Record<keyof typeof consentEn, string> = {
  'consent.title': 'Consentement',
  'consent.purpose.email_marketing': 'E-mails marketing',
  'consent.purpose.sms_marketing': 'SMS marketing',
  'consent.purpose.ad_audiences': 'Audiences publicitaires',
  'consent.purpose.tracking': 'Suivi sur le site',
  'consent.granted': 'donné',
  'consent.refused': 'refusé',
  'consent.unknown': 'pas de réponse (pas de refus)',
  'consent.via': '{answer}, via {source}, {date}',
};
