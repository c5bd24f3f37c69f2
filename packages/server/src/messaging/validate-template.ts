import { err, issue, issuesFromZod, ok, type Issue, type Result } from '@leadpulse/core';
import { z } from 'zod';
import { compileEmail, renderCompiledEmail } from './email-template.js';
import { liquidIssue, textLiquid } from './liquid-engines.js';
import { sampleTemplateContext } from './template-context.js';

const templateShape = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'expected a slug of lowercase letters, digits and dashes (at most 80), e.g. warm-follow-up'),
    locale: z.enum(['en', 'fr']),
    channel: z.enum(['email', 'sms']),
    name: z.string().trim().min(1).max(200),
    subject: z.string().max(998).default(''),
    body: z.string().min(1).max(500_000),
  })
  .strict();

export type TemplateInput = z.output<typeof templateShape>;

/**
 * Checks a template document: its fields, its Liquid (syntax errors with line and column, unknown filters), and
 * for email its MJML, by rendering it once for a sample contact.
 */
export async function validateTemplate(input: unknown): Promise<Result<TemplateInput, Issue[]>> {
  const parsed = templateShape.safeParse(input);
  if (!parsed.success) {
    // An unknown field is reported on the field itself, where an editor can point at it.
    const unknown = parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((key) => issue('unknown_key', [key], `unknown field "${key}"; expected key, locale, channel, name, subject, body`)) : []));
    return err([...issuesFromZod(parsed.error.issues.filter((i) => i.code !== 'unrecognized_keys')), ...unknown]);
  }
  const template = parsed.data;
  const context = sampleTemplateContext(template.locale);
  if (template.channel === 'sms') {
    if (template.subject.trim() !== '') return err([issue('unexpected_subject', ['subject'], 'an SMS has no subject; leave it empty')]);
    let parsedBody;
    try {
      parsedBody = textLiquid.parse(template.body);
    } catch (error) {
      return err([liquidIssue(error, 'body', 'syntax')]);
    }
    try {
      await textLiquid.render(parsedBody, context);
    } catch (error) {
      return err([liquidIssue(error, 'body', 'render')]);
    }
    return ok(template);
  }
  if (template.subject.trim() === '') return err([issue('missing_subject', ['subject'], 'an email needs a subject')]);
  const compiled = await compileEmail(template, { precompile: false });
  if (!compiled.ok) return compiled;
  const rendered = await renderCompiledEmail(compiled.value, context);
  return rendered.ok ? ok(template) : rendered;
}
