import type { ErrorCode } from '@leadpulse/contract';

/** The one table from error code to HTTP status. Nothing else in the server knows statuses. */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_json: 400,
  invalid_body: 400,
  payload_too_large: 413,
  event_too_large: 413,
  unsupported_media_type: 415,
  unsupported_encoding: 415,
  missing_write_key: 401,
  invalid_write_key: 401,
  origin_not_allowed: 403,
  missing_admin_token: 401,
  invalid_admin_token: 401,
  events_rejected: 400,
  contact_not_found: 404,
  invalid_query: 400,
  invalid_doctrine: 422,
  doctrine_not_found: 404,
  key_not_found: 404,
  cost_line_not_found: 404,
  segment_not_found: 400,
  not_found: 404,
  rate_limited: 429,
  tracker_not_built: 503,
  not_ready: 503,
  internal_error: 500,
};

export const statusOf = (code: string): number => ERROR_STATUS[code as ErrorCode] ?? 500;
