import type { FastifyInstance } from 'fastify';
import { ConversionQuerySchema } from '@leadpulse/contract';
import type { Conversions } from '../../app/conversions/create-conversions.js';
import { parseInput } from '../parse-query.js';
import { sendError } from '../send-error.js';
import { withAccess } from '../route-access.js';

/** The delivery log of site events forwarded to the ad platforms (docs/conversions.md), for anyone who reads. */
export function registerConversionRoutes(http: FastifyInstance, app: { readonly conversions: Conversions }) {
  http.get('/api/v1/conversions', withAccess('read'), async (request, reply) => {
    const query = parseInput(ConversionQuerySchema, request.query);
    if (!query.ok) return sendError(reply, query.error);
    const page = await app.conversions.list(query.value);
    return { platforms: app.conversions.platforms, deliveries: page.deliveries, nextCursor: page.nextCursor };
  });
}
