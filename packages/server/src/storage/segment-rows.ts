import { contactId, type SegmentDefinition } from '@leadpulse/core';
import type { SegmentExportRow, SegmentRecord, SegmentStatus } from '../app/segments/segment-ports.js';
import type { SegmentsTable } from './schema.js';

/** Segment rows to records and back; PostgreSQL returns bigint as text, so every number goes through Number. */
export function segmentFromRow(row: SegmentsTable): SegmentRecord {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    definition: JSON.parse(row.definition) as SegmentDefinition,
    version: Number(row.version),
    status: row.status as SegmentStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function segmentToRow(record: SegmentRecord): SegmentsTable {
  return {
    id: record.id,
    key: record.key,
    name: record.name,
    definition: JSON.stringify(record.definition),
    version: record.version,
    status: record.status,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    deleted_at: null,
  };
}

/** The columns an export reads, from contacts c ⋈ contact_facts f (and segment_members m for entered_at). */
export const EXPORT_SELECT = [
  'c.id',
  'c.user_id',
  'c.email',
  'c.stage',
  'c.score',
  'f.birth_date',
  'f.age',
  'f.gender',
  'f.household_size',
  'f.children',
  'f.country',
  'f.region',
  'f.city',
  'f.postal_code',
  'f.latitude',
  'f.longitude',
  'f.consent_email',
  'f.consent_sms',
  'f.consent_ads',
  'f.consent_tracking',
] as const;

export interface ExportRowColumns {
  id: string;
  user_id: string | null;
  email: string | null;
  stage: string;
  score: number;
  entered_at?: number | string | null;
  birth_date: number | string | null;
  age: number | null;
  gender: string | null;
  household_size: number | null;
  children: number | null;
  country: string | null;
  region: string | null;
  city: string | null;
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
  consent_email: number | null;
  consent_sms: number | null;
  consent_ads: number | null;
  consent_tracking: number | null;
}

const numberOrNull = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Number(value));
const flag = (value: number | null) => (value === null ? null : Number(value) === 1);

export function exportRowFrom(row: ExportRowColumns): SegmentExportRow {
  return {
    id: contactId(row.id),
    userId: row.user_id,
    email: row.email,
    stage: row.stage,
    score: Number(row.score),
    enteredAt: numberOrNull(row.entered_at),
    birthDate: numberOrNull(row.birth_date),
    age: numberOrNull(row.age),
    gender: row.gender,
    householdSize: numberOrNull(row.household_size),
    children: numberOrNull(row.children),
    country: row.country,
    region: row.region,
    city: row.city,
    postalCode: row.postal_code,
    latitude: numberOrNull(row.latitude),
    longitude: numberOrNull(row.longitude),
    consentEmail: flag(row.consent_email),
    consentSms: flag(row.consent_sms),
    consentAds: flag(row.consent_ads),
    consentTracking: flag(row.consent_tracking),
  };
}
