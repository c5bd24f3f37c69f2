import type { Doctrine } from '../doctrine.js';
import { callCentre } from './call-centre.js';
import { eCommerce } from './e-commerce.js';
import { leadQualified } from './lead-qualified.js';
import { suspectProspectLead } from './suspect-prospect-lead.js';

export const DEFAULT_PRESET = 'suspect-prospect-lead';
export const DOCTRINE_PRESETS: Readonly<Record<string, Doctrine>> = {
  'suspect-prospect-lead': suspectProspectLead,
  'lead-qualified': leadQualified,
  'e-commerce': eCommerce,
  'call-centre': callCentre,
};
