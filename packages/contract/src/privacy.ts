import { z } from 'zod';
import { ContactDocumentSchema, StageChangeSchema } from './schemas.js';

/** ?followAliases=false limits an erase, anonymisation or export to the contact itself. */
export const PrivacyQuerySchema = z.object({
  followAliases: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Also the contacts linked by alias calls (default true); false for this contact alone.'),
});

export const ErasedSchema = z.object({ erased: z.literal(true) });
export const AnonymisedSchema = z.object({
  anonymised: z.literal(true),
  contacts: z.number().int().describe('How many contacts were anonymised: this one and those linked to it by alias calls.'),
});

const IsoOrNull = z.string().nullable();

export const ExportedContactSchema = z.object({
  contact: ContactDocumentSchema,
  identities: z.array(z.object({ kind: z.enum(['user', 'anonymous', 'email']), value: z.string() })),
  traits: z.record(z.string(), z.unknown()),
  events: z.array(z.record(z.string(), z.unknown())).describe('Every event as stored, LeadPulse\'s own included, oldest first.'),
  stageHistory: z.array(StageChangeSchema),
  merges: z.array(z.object({ id: z.string(), into: z.string(), from: z.string(), at: z.string(), reason: z.string(), eventId: z.string().nullable(), identities: z.array(z.object({ kind: z.string(), value: z.string() })) })),
  facts: z.object({ firstSeenAt: IsoOrNull, lastSeenAt: IsoOrNull, reachedAt: z.record(z.string(), IsoOrNull) }).loose().describe('The row the reports read about this contact.'),
  absorbedContacts: z
    .array(z.object({ id: z.string(), userId: z.string().nullable(), email: z.string().nullable(), traits: z.record(z.string(), z.unknown()), createdAt: z.string() }))
    .describe('Contacts merged into this one, with what they still hold.'),
});

/** GET /api/v1/contacts/{id}/export: everything held about a person. */
export const ContactExportSchema = z.object({
  exportedAt: z.string(),
  contactId: z.string().describe('The contact asked for; `contacts` holds it first, then those linked to it by alias calls.'),
  contacts: z.array(ExportedContactSchema),
});

export type ContactExportDocument = z.output<typeof ContactExportSchema>;
export type ExportedContactDocument = z.output<typeof ExportedContactSchema>;
