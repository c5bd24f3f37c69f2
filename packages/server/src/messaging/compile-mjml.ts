import { issue, type Issue } from '@leadpulse/core';
import type Mjml from 'mjml';

// Loaded on first use: MJML is the largest module tree the server has, and most processes (every CLI command, an
// import) never render a template; loading it at start cost about 0.5 s of CPU per process.
let mjml: Promise<typeof Mjml> | undefined;
const loadMjml = () => (mjml ??= import('mjml').then((module) => (module as unknown as { default: typeof Mjml }).default));

export interface CompiledMjml {
  readonly html: string;
  /** MJML's structural complaints (an element in the wrong parent, an unknown attribute), each with its line. */
  readonly issues: readonly Issue[];
}

/** MJML to responsive HTML. Soft validation: the HTML is produced even with issues, and the caller decides. */
export async function compileMjml(source: string): Promise<CompiledMjml> {
  try {
    // Includes would read files from the server's disk: templates are user input.
    const mjml2html = await loadMjml();
    const result = await mjml2html(source, { validationLevel: 'soft', ignoreIncludes: true, keepComments: false });
    return { html: result.html, issues: result.errors.map((error) => issue('mjml_invalid', ['body', error.line], `MJML error at line ${error.line} (${error.tagName}): ${error.message}`)) };
  } catch (error) {
    // MJML throws when the document is not MJML at all (no <mjml> root, unbalanced markup).
    const message = error instanceof Error ? error.message : String(error);
    return { html: '', issues: [issue('mjml_invalid', ['body'], `MJML error: ${message} The body must be an MJML document: <mjml><mj-body>…</mj-body></mjml>.`)] };
  }
}
