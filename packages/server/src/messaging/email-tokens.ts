import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * What an email link stands for. `open`: the pixel of one send. `click`: one link of one send, with the URL that was
 * in the message (a token redirects there and nowhere else). `unsubscribe`: the contact's unsubscribe page of a send.
 */
export type EmailToken =
  | { readonly kind: 'open'; readonly sendId: string }
  | { readonly kind: 'click'; readonly sendId: string; readonly url: string }
  | { readonly kind: 'unsubscribe'; readonly sendId: string };

/** How long a link keeps working after its message was sent: past that, a token is refused like a forged one. */
export const TOKEN_LIFETIME_MS = 400 * 24 * 3600_000;

const KINDS = { open: 'o', click: 'c', unsubscribe: 'u' } as const;
const BY_CODE: Readonly<Record<string, EmailToken['kind']>> = { o: 'open', c: 'click', u: 'unsubscribe' };

export interface EmailTokens {
  /** An opaque, URL-safe token: its content is encrypted and authenticated (AES-256-GCM), so it can be neither read nor forged. */
  seal(token: EmailToken, issuedAt: number): string;
  /** The token's content, or null when it was forged, altered, issued under another secret, or has expired. */
  open(sealed: string, now: number): EmailToken | null;
}

/**
 * Tokens for the links of sent email, under LEADPULSE_SECRET. Stateless: a pixel or a click needs no lookup to know
 * which send it belongs to, and a forged token is refused before anything is read or written.
 */
export function createEmailTokens(secret: string): EmailTokens {
  // A key of its own, derived from the secret: webhook signatures under the same secret never meet this cipher.
  const key = createHash('sha256').update(`leadpulse-email-tokens\0${secret}`).digest();
  return {
    seal(token, issuedAt) {
      const plain = JSON.stringify([KINDS[token.kind], token.sendId, Math.floor(issuedAt / 1000), token.kind === 'click' ? token.url : null]);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed, now) {
      if (!/^[A-Za-z0-9_-]{40,4096}$/.test(sealed)) return null;
      const raw = Buffer.from(sealed, 'base64url');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        const [code, sendId, issuedSeconds, url] = JSON.parse(plain) as [string, string, number, string | null];
        const kind = BY_CODE[code];
        if (!kind || typeof sendId !== 'string' || typeof issuedSeconds !== 'number') return null;
        if (now - issuedSeconds * 1000 > TOKEN_LIFETIME_MS) return null;
        if (kind === 'click') return typeof url === 'string' ? { kind, sendId, url } : null;
        return { kind, sendId };
      } catch {
        return null;
      }
    },
  };
}
