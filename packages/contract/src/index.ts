export * from './error-codes.js';
export * from './schemas.js';
export * from './openapi.js';
export * from './tracker-snippet.js';
export * from './reports.js';
export * from './users.js';
export * from './privacy.js';
export * from './client.js';
