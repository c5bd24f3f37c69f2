/** Consent on the contact screen, in English. */
export const consentEn = {
  'consent.title': 'Consent',
  'consent.purpose.email_marketing': 'Marketing email',
  'consent.purpose.sms_marketing': 'Marketing SMS',
  'consent.purpose.ad_audiences': 'Ad audiences',
  'consent.purpose.tracking': 'Site tracking',
  'consent.granted': 'given',
  'consent.refused': 'refused',
  'consent.unknown': 'no answer (not refused)',
  'consent.via': '{answer}, via {source}, {date}',
} as const;
