/** The closed set of error codes the API answers with; the dashboard translates messages by code. */
export const ERROR_CODES = {
  invalid_json: 'The body is not valid JSON.',
  invalid_body: 'The body is JSON but not the expected shape.',
  payload_too_large: 'The request body is over 500 KB (after decompression).',
  event_too_large: 'One event is over 32 KB.',
  unsupported_media_type: 'The content type is not JSON or text/plain.',
  unsupported_encoding: 'The content encoding is not gzip, deflate or identity, or the body does not decompress.',
  missing_write_key: 'No write key: send it as the HTTP Basic username or as "writeKey" in the body.',
  invalid_write_key: 'The write key is unknown or revoked.',
  origin_not_allowed: "The request's Origin is not in this write key's allowed origins.",
  missing_admin_token: 'No admin token: send "Authorization: Bearer <token>".',
  invalid_admin_token: 'The admin token is unknown or revoked.',
  events_rejected: 'Some events of the batch were rejected; the others were stored.',
  contact_not_found: 'No contact matches.',
  invalid_query: 'A query parameter is missing or invalid.',
  invalid_doctrine: 'The doctrine document is invalid; each issue names its path.',
  doctrine_not_found: 'No doctrine version matches.',
  key_not_found: 'No active key has this id.',
  cost_line_not_found: 'No cost line has this id.',
  segment_not_found: 'No saved segment has this name.',
  not_found: 'No route matches this method and path.',
  rate_limited: 'Too many requests; retry later.',
  tracker_not_built: 'The tracker script was not built; run `npm run build`.',
  not_ready: 'The store is unreachable or migrations are not applied.',
  internal_error: 'An unexpected error; the log has the details under the request id.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);
