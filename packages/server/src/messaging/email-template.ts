import { err, ok, type Issue, type Result } from '@leadpulse/core';
import { Tokenizer, TypeGuards, type Liquid, type Template, type TopLevelToken } from 'liquidjs';
import type { RenderedMessage } from '../app/scenario-app.js';
import { compileMjml } from './compile-mjml.js';
import { htmlLiquid, liquidIssue, textLiquid } from './liquid-engines.js';
import { plainTextOf } from './plain-text.js';

export interface EmailSource {
  readonly subject: string;
  readonly body: string;
}

/** An email template parsed once, rendered for many contacts. */
export interface CompiledEmail {
  readonly subject: Template[];
  /** Liquid over MJML: rendered, then compiled by MJML, per message. */
  readonly body: Template[];
  /**
   * The body compiled by MJML once with its Liquid left in, when MJML passed every Liquid tag through untouched:
   * a message is then Liquid alone, some twenty times cheaper than MJML per message.
   */
  readonly precompiled: Template[] | null;
}

function parse(engine: Liquid, source: string, field: 'subject' | 'body', issues: Issue[]): Template[] {
  try {
    return engine.parse(source);
  } catch (error) {
    issues.push(liquidIssue(error, field, 'syntax'));
    return [];
  }
}

export async function compileEmail(source: EmailSource, options: { precompile?: boolean } = {}): Promise<Result<CompiledEmail, Issue[]>> {
  const issues: Issue[] = [];
  const subject = parse(textLiquid, source.subject, 'subject', issues);
  const body = parse(htmlLiquid, source.body, 'body', issues);
  if (issues.length > 0) return err(issues);
  return ok({ subject, body, precompiled: options.precompile === false ? null : await precompile(source.body) });
}

export async function renderCompiledEmail(email: CompiledEmail, context: object): Promise<Result<RenderedMessage, Issue[]>> {
  let subject: string;
  try {
    // A header holds one line.
    subject = (await textLiquid.render(email.subject, context)).replace(/\s+/g, ' ').trim();
  } catch (error) {
    return err([liquidIssue(error, 'subject', 'render')]);
  }
  let html: string;
  try {
    if (email.precompiled) html = await htmlLiquid.render(email.precompiled, context);
    else {
      const compiled = await compileMjml(await htmlLiquid.render(email.body, context));
      if (compiled.issues.length > 0) return err([...compiled.issues]);
      html = compiled.html;
    }
  } catch (error) {
    return err([liquidIssue(error, 'body', 'render')]);
  }
  return ok({ subject, html, text: plainTextOf(html) });
}

const BLOCK_TAGS = new Set(['if', 'unless', 'for', 'case', 'capture', 'tablerow', 'raw', 'comment']);
const MJML_TAG = /<\/?mj/;
const RAW_FILTER = /\|\s*raw\b/;

/** The Liquid of a text: its tags in order, and each output with the tags around it. */
interface LiquidShape {
  readonly tags: readonly string[];
  readonly outputs: ReadonlySet<string>;
  /** Some block tag wraps MJML markup. */
  readonly wrapsMjml: boolean;
  readonly usesRaw: boolean;
}

function liquidShape(source: string): LiquidShape | null {
  let tokens: TopLevelToken[];
  try {
    tokens = new Tokenizer(source, htmlLiquid.options.operators).readTopLevelTokens(htmlLiquid.options);
  } catch {
    return null;
  }
  const tags: string[] = [];
  const outputs = new Set<string>();
  const open: number[] = [];
  let wrapsMjml = false;
  let usesRaw = false;
  for (const token of tokens) {
    const text = token.getText();
    if (TypeGuards.isHTMLToken(token)) {
      wrapsMjml ||= open.length > 0 && MJML_TAG.test(text);
      continue;
    }
    usesRaw ||= RAW_FILTER.test(text);
    if (!TypeGuards.isTagToken(token)) {
      outputs.add(`${open.join(',')}|${text}`);
      continue;
    }
    tags.push(text);
    if (BLOCK_TAGS.has(token.name)) open.push(tags.length);
    else if (token.name.startsWith('end') && BLOCK_TAGS.has(token.name.slice(3))) open.pop();
  }
  return { tags, outputs, wrapsMjml, usesRaw };
}

/**
 * Liquid may run after MJML only if doing so cannot change the result: no block wraps MJML elements (MJML would
 * see both branches), no `| raw` output (it could inject MJML), MJML kept every Liquid tag once and in order, and
 * every output it kept (a title is also copied to an aria-label) sits inside the same blocks as in the source.
 */
async function precompile(body: string): Promise<Template[] | null> {
  const source = liquidShape(body);
  if (!source || source.wrapsMjml || source.usesRaw) return null;
  const compiled = await compileMjml(body);
  if (compiled.issues.length > 0) return null;
  const kept = liquidShape(compiled.html);
  if (!kept || kept.tags.join('\u0000') !== source.tags.join('\u0000')) return null;
  for (const output of kept.outputs) if (!source.outputs.has(output)) return null;
  try {
    return htmlLiquid.parse(compiled.html);
  } catch {
    return null;
  }
}
