/**
 * The store cannot be reached right now: connection refused or lost, database restarting or shutting down.
 * Storage throws it in place of the driver's error (kept as `cause`); retrying later may succeed.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';

  constructor(cause: unknown) {
    super(`The database is unreachable (${cause instanceof Error ? cause.message : String(cause)}).`, { cause });
  }
}

/** True when the error, or one it was chained from, is a StoreUnavailableError. */
export function isStoreUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof StoreUnavailableError) return true;
  }
  return false;
}
