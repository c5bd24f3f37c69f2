import { Parser } from 'htmlparser2';
import type { EmailTokens } from './email-tokens.js';
import { withUtm } from './tracked-urls.js';

export interface TrackLinksOptions {
  /** LEADPULSE_PUBLIC_URL: the base of the pixel and redirect paths. */
  readonly publicUrl: string;
  readonly tokens: EmailTokens;
  readonly sendId: string;
  /** When the message is composed: tokens live TOKEN_LIFETIME_MS from then. */
  readonly issuedAt: number;
  /** utm_campaign (the scenario key) and utm_content (the step id); null leaves them out. */
  readonly campaign: string | null;
  readonly content: string | null;
}


/**
 * A rendered email's HTML with tracking: every http(s) link goes through `{public}/e/c/<token>`, the token sealing the
 * link's URL (with our UTM parameters merged in), and an open pixel `{public}/e/o/<token>` ends the body. Links to
 * LeadPulse's own email paths (the unsubscribe page), mailto:, tel: and anchors are left as they are. Tags are found by
 * a real HTML parser, so comments, conditional comments and scripts never get rewritten by accident.
 */
export function trackLinks(html: string, options: TrackLinksOptions): string {
  const base = options.publicUrl.replace(/\/+$/, '');
  const own = `${base}/e/`;
  const edits: { start: number; end: number; text: string }[] = [];
  let bodyEnd = -1;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name !== 'a' || attributes['href'] === undefined) return;
        const href = attributes['href'].trim();
        if (!/^https?:\/\//i.test(href) || href.startsWith(own)) return;
        const tag = html.slice(parser.startIndex, parser.endIndex + 1);
        const target = withUtm(href, options);
        const tracked = `${base}/e/c/${options.tokens.seal({ kind: 'click', sendId: options.sendId, url: target }, options.issuedAt)}`;
        const rewritten = tag.replace(/(\shref\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)/i, (_all, before: string) => `${before}"${escapeAttribute(tracked)}"`);
        if (rewritten !== tag) edits.push({ start: parser.startIndex, end: parser.endIndex + 1, text: rewritten });
      },
      onclosetag(name) {
        if (name === 'body') bodyEnd = parser.startIndex;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);

  const pixel = `<img src="${escapeAttribute(`${base}/e/o/${options.tokens.seal({ kind: 'open', sendId: options.sendId }, options.issuedAt)}`)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;" />`;
  let out = '';
  let from = 0;
  for (const edit of edits) {
    out += html.slice(from, edit.start) + edit.text;
    from = edit.end;
  }
  const rest = html.slice(from);
  // The pixel goes last in the body, so a client that stops loading images halfway has still shown the message.
  if (bodyEnd >= from) return out + html.slice(from, bodyEnd) + pixel + html.slice(bodyEnd);
  return out + rest + pixel;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
