import { issue, type Issue } from '@leadpulse/core';
import { filters, Liquid, LiquidError, type LiquidOptions } from 'liquidjs';

const SHARED_OPTIONS: LiquidOptions = {
  // A misspelt filter is a template bug worth refusing; a missing trait is ordinary data and renders empty.
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  // No partials: an empty in-memory file system keeps `{% include '/etc/passwd' %}` from reading the disk.
  templates: {},
  // Templates are user input: bound what one render may cost.
  parseLimit: 1_000_000,
  renderLimit: 1_000,
  memoryLimit: 50_000_000,
};

/** For MJML and HTML: every output is HTML-escaped unless the template writes `| raw`. */
export const htmlLiquid = new Liquid({ ...SHARED_OPTIONS, outputEscape: 'escape' });
// Authors used to Shopify write `{{ x | escape }}` out of habit: their output is escaped once, not twice.
for (const name of ['escape', 'escape_once', 'xml_escape']) {
  const handler = filters[name];
  if (typeof handler === 'function') htmlLiquid.registerFilter(name, { handler, raw: true });
}
/** For subjects and SMS: plain text, where `&amp;` would be wrong. */
export const textLiquid = new Liquid(SHARED_OPTIONS);

const POSITION_SUFFIX = /, line:\d+, col:\d+$/;

/** A Liquid parse or render error as an issue on the template field, with its line and column in the path and the message. */
export function liquidIssue(error: unknown, field: 'subject' | 'body', stage: 'syntax' | 'render'): Issue {
  if (!LiquidError.is(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return issue(stage === 'syntax' ? 'liquid_syntax' : 'liquid_render', [field], `Liquid ${stage} error: ${message}`);
  }
  const firstLine = (error.message.split('\n')[0] ?? '').replace(POSITION_SUFFIX, '');
  const [line, column] = error.token?.getPosition() ?? [];
  const code = stage === 'syntax' ? 'liquid_syntax' : 'liquid_render';
  if (line === undefined || column === undefined) return issue(code, [field], `Liquid ${stage} error: ${firstLine}`);
  // The editor reads the position from the path: [field, line, column], both 1-based.
  return issue(code, [field, line, column], `Liquid ${stage} error at line ${line}, column ${column}: ${firstLine}`);
}
