import { compile } from 'html-to-text';

const convert = compile({
  wordwrap: 78,
  selectors: [
    // Images carry no text worth reading aloud, and a tracking pixel must not show up as a link.
    { selector: 'img', format: 'skip' },
    // MJML's preview line (mj-preview) is a hidden div: it belongs to the inbox list, not to the body.
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
});

/** The plain-text part of an email, from its HTML. */
export function plainTextOf(html: string): string {
  return convert(html).replace(/\n{3,}/g, '\n\n').trim();
}
