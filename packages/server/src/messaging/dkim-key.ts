import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** What nodemailer's `dkim` option takes: the signing domain (d=), the selector (s=) and the PEM private key. */
export interface DkimSigning {
  readonly domainName: string;
  readonly keySelector: string;
  readonly privateKey: string;
}

export type DkimSettings = { readonly dkimDomain?: string | undefined; readonly dkimSelector?: string | undefined; readonly dkimPrivateKey?: string | undefined };

const isPem = (value: string) => value.includes('-----BEGIN');

/**
 * The DKIM signing settings, or null when none are configured. The key is the PEM itself or a file's path; a PEM
 * pasted in one environment line may carry `\n` escapes. Throws, naming the setting to fix, when they are incomplete
 * or the key cannot be read: signing with a broken key would send mail that fails DKIM everywhere.
 */
export async function loadDkimSigning(settings: DkimSettings): Promise<DkimSigning | null> {
  const { dkimDomain, dkimSelector, dkimPrivateKey } = settings;
  if (!dkimDomain && !dkimSelector && !dkimPrivateKey) return null;
  if (!dkimDomain || !dkimSelector || !dkimPrivateKey) throw new Error('DKIM signing needs LEADPULSE_DKIM_DOMAIN, LEADPULSE_DKIM_SELECTOR and LEADPULSE_DKIM_PRIVATE_KEY together; set the missing ones or unset all three');
  let pem: string;
  try {
    pem = isPem(dkimPrivateKey) ? dkimPrivateKey.replace(/\\n/g, '\n') : await readFile(dkimPrivateKey, 'utf8');
  } catch (error) {
    throw new Error(`LEADPULSE_DKIM_PRIVATE_KEY names a file that cannot be read (${(error as Error).message}); give the PEM text or a readable path`, { cause: error });
  }
  try {
    createPrivateKey(pem);
  } catch (error) {
    throw new Error(`LEADPULSE_DKIM_PRIVATE_KEY is not a PEM private key (${(error as Error).message}); generate one with: openssl genrsa 2048`, { cause: error });
  }
  return { domainName: dkimDomain.toLowerCase(), keySelector: dkimSelector, privateKey: pem };
}

/** The TXT record to publish at `<selector>._domainkey.<domain>` for this private key (RFC 6376 section 3.6.1). */
export function dkimDnsRecord(privateKeyPem: string): string {
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `v=DKIM1; k=rsa; p=${der.toString('base64')}`;
}
