import type { Store } from '../ports.js';
import type { ConversionDelivery, ConversionQuery } from './conversion-ports.js';

/** The delivery log an admin reads (GET /api/v1/conversions), and which platforms forward. */
export interface ConversionLog {
  list(query: ConversionQuery): Promise<{ deliveries: readonly ConversionDelivery[]; nextCursor: string | null }>;
}

export function createConversionLog(deps: { store: Pick<Store, 'conversions'> }): ConversionLog {
  return { list: (query) => deps.store.conversions.list(query) };
}
