import { err, ok, type Issue, type Result } from '@leadpulse/core';
import type { Template } from 'liquidjs';
import type { RenderedMessage } from '../app/scenario-app.js';
import { compileEmail, renderCompiledEmail, type CompiledEmail, type EmailSource } from './email-template.js';
import { liquidIssue, textLiquid } from './liquid-engines.js';

export { templateContext, sampleTemplateContext, type TemplateContext, type TemplateContextInput } from './template-context.js';
export { validateTemplate, type TemplateInput } from './validate-template.js';

/** A stored template, or any `{ subject, body }`; the id and `updatedAt` name the cache entry. */
export interface EmailTemplateSource extends EmailSource {
  readonly id?: string;
  readonly updatedAt?: number;
}
export interface SmsTemplateSource {
  readonly id?: string;
  readonly updatedAt?: number;
  readonly body: string;
}

/**
 * Parsed templates, by (id, updatedAt) and source text: a drain renders the same few templates for thousands of
 * contacts, and an edit changes `updatedAt`, so a stale entry is never read. Bounded, oldest out first. A memo,
 * not state: dropping it changes nothing but speed.
 */
const CACHE_LIMIT = 256;
const emailCache = new Map<string, Promise<Result<CompiledEmail, Issue[]>>>();
const smsCache = new Map<string, Result<Template[], Issue[]>>();

function cacheKey(template: { id?: string; updatedAt?: number }, ...sources: string[]): string {
  // The text is part of the key too: a preview of unsaved edits may reuse a stored template's id.
  return `${template.id ?? ''}@${template.updatedAt ?? ''}\u0000${sources.join('\u0000')}`;
}

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = make();
  cache.set(key, value);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return value;
}

/** Liquid over MJML to a subject, responsive HTML and a plain-text part. Issues name the field and the position. */
export async function renderEmail(template: EmailTemplateSource, context: object): Promise<Result<RenderedMessage, Issue[]>> {
  // Only stored templates are memoised: a draft without an id changes with every keystroke and would crowd them out.
  const compiled = template.id === undefined ? await compileEmail(template) : await remember(emailCache, cacheKey(template, template.subject, template.body), () => compileEmail(template));
  if (!compiled.ok) return compiled;
  return renderCompiledEmail(compiled.value, context);
}

/** Liquid text for an SMS; spaces collapse and lines are trimmed, since every character counts toward a segment. */
export async function renderSms(template: SmsTemplateSource, context: object): Promise<Result<{ readonly text: string }, Issue[]>> {
  const parsed = remember(smsCache, cacheKey(template, template.body), (): Result<Template[], Issue[]> => {
    try {
      return ok(textLiquid.parse(template.body));
    } catch (error) {
      return err([liquidIssue(error, 'body', 'syntax')]);
    }
  });
  if (!parsed.ok) return parsed;
  try {
    const text = (await textLiquid.render(parsed.value, context)).replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
    return ok({ text });
  } catch (error) {
    return err([liquidIssue(error, 'body', 'render')]);
  }
}
