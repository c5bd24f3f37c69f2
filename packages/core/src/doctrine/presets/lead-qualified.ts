import type { Doctrine } from '../doctrine.js';
import { suspectProspectLead } from './suspect-prospect-lead.js';

/** The other common convention: cold = lead, warm = qualified lead, hot = qualified lead+. */
export const leadQualified: Doctrine = {
  ...suspectProspectLead,
  name: 'Lead, qualified lead, qualified lead+',
  preset: 'lead-qualified',
  description: 'Leads shared their contact details, qualified leads asked for information, qualified leads+ talked with sales about an offer.',
  stages: [
    suspectProspectLead.stages[0]!,
    {
      key: 'hot',
      labels: { en: 'Qualified lead+', fr: 'Lead qualifié+' },
      temperature: 'hot',
      description: 'Talked with a salesperson and showed interest in a specific offer within 90 days.',
      when: {
        all: [
          { any: [{ signal: 'calls', atLeast: 1, within: '90d' }, { signal: 'meetings', atLeast: 1, within: '90d' }, { signal: 'demoRequests', atLeast: 1, within: '90d' }] },
          { any: [{ signal: 'offerViews', atLeast: 1, within: '90d' }, { event: 'Product Viewed', atLeast: 1, within: '90d' }] },
        ],
      },
    },
    {
      key: 'warm',
      labels: { en: 'Qualified lead', fr: 'Lead qualifié' },
      temperature: 'warm',
      description: 'Asked for information online or visited a store within 90 days.',
      when: {
        any: [
          { event: 'Form Submitted', atLeast: 1, within: '90d' },
          { event: 'Chat Started', atLeast: 1, within: '90d' },
          { event: 'Demo Requested', atLeast: 1, within: '90d' },
          { event: 'Store Visited', atLeast: 1, within: '90d' },
        ],
      },
    },
    {
      key: 'cold',
      labels: { en: 'Lead', fr: 'Lead' },
      temperature: 'cold',
      description: 'Shared contact details (an email through a form, contest or survey).',
      when: { trait: 'email', op: 'exists' },
    },
  ],
};
