import { defineTable, num, numOrNull, text, textOrNull, type RowOf } from './table.js';

/** Conversions queued for the ad platforms (migration 0017): one row per (platform, event id). */
export const conversionDeliveriesTable = defineTable('conversion_deliveries', {
  id: text,
  platform: text,
  event_id: text,
  event_name: text,
  contact_id: text,
  payload: text,
  /** 'pending' until the platform took it ('sent') or refused it for good ('failed', the dead letter). */
  status: text,
  attempts: num,
  next_attempt_at: numOrNull,
  last_error: textOrNull,
  created_at: num,
  sent_at: numOrNull,
});

export type ConversionDeliveriesTable = RowOf<typeof conversionDeliveriesTable>;
