import { Resolver } from 'node:dns/promises';
import type { TxtResolver } from './email-domain-check.js';

/** The system's DNS, asked once with a short timeout: a settings screen waits for it. */
export function systemTxtResolver(): TxtResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 1 });
  return { resolveTxt: (name) => resolver.resolveTxt(name) };
}
