/** What the tracker learns from a form: only the contact fields it looks for, never anything else. */
export interface CapturedForm {
  readonly formId: string | null;
  readonly traits: Readonly<Record<string, string>>;
}

// Never read, whatever their name: secrets and payment data.
const FORBIDDEN = /pass|pwd|secret|card|cc-|cvc|cvv|csc|iban|bic|expir|ssn|security/i;
const CONTACT_FIELDS: readonly (readonly [trait: string, pattern: RegExp])[] = [
  ['email', /e-?mail|courriel/i],
  ['firstName', /first.?name|given.?name|pr[ée]nom/i],
  ['lastName', /last.?name|family.?name|surname|^nom$|nom.?de.?famille/i],
  ['name', /^(full.?)?name$|^nom.?complet$/i],
  ['company', /company|organi[sz]ation|soci[ée]t[ée]|entreprise/i],
];
const DOWNLOAD = /\.(pdf|docx?|xlsx?|pptx?|odt|ods|odp|csv|txt|rtf|zip|rar|7z|gz|epub|mp3|mp4|dmg|exe|msi|apk)$/i;

function describe(field: HTMLInputElement): string {
  return `${field.name} ${field.id} ${field.getAttribute('autocomplete') || ''}`;
}

/** Reads the contact fields of a submitted form; null when it has no email field or opts out with data-lp-ignore. */
export function captureForm(form: HTMLFormElement): CapturedForm | null {
  if (form.hasAttribute('data-lp-ignore')) return null;
  const traits: Record<string, string> = {};
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement)) continue;
    const type = element.type;
    if (type === 'password' || type === 'hidden' || type === 'file' || element.hasAttribute('data-lp-ignore')) continue;
    const described = describe(element);
    if (FORBIDDEN.test(described)) continue;
    const trait = type === 'email' ? 'email' : CONTACT_FIELDS.find(([, pattern]) => pattern.test(element.name) || pattern.test(element.id))?.[0];
    if (!trait || traits[trait]) continue;
    const value = element.value.trim().slice(0, 200);
    if (value) traits[trait] = trait === 'email' ? value.toLowerCase() : value;
  }
  if (!traits['email'] || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(traits['email'])) return null;
  return { formId: form.id || form.getAttribute('name') || null, traits };
}

export type LinkClick = { readonly kind: 'download' | 'outbound'; readonly url: string; readonly text: string };

/** Classifies a clicked link: a file download, a link to another site, or neither. */
export function classifyLink(link: HTMLAnchorElement): LinkClick | null {
  if (link.hasAttribute('data-lp-ignore')) return null;
  let url: URL;
  try {
    url = new URL(link.href, location.href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const text = (link.textContent || '').trim().slice(0, 100);
  if (link.hasAttribute('download') || DOWNLOAD.test(url.pathname)) return { kind: 'download', url: url.href, text };
  if (url.host !== location.host) return { kind: 'outbound', url: url.href, text };
  return null;
}
