import type { UnsubscribePage, UnsubscribeTopic } from '../app/unsubscribe.js';

/** The page's words, in the reader's language. */
const TEXT = {
  en: {
    title: 'Unsubscribe',
    lead: (address: string | null) => (address ? `Choose what ${address} no longer wants to receive from us.` : 'Choose what you no longer want to receive from us.'),
    topics: { email_marketing: 'Marketing emails', sms_marketing: 'Marketing text messages (SMS)' } satisfies Record<UnsubscribeTopic, string>,
    already: '(already unsubscribed)',
    confirm: 'Confirm unsubscribe',
    note: 'Messages you asked for (receipts, security notices) are not affected.',
    done: 'You are unsubscribed. It takes effect at once.',
    invalid: 'This link is not valid or has expired.',
  },
  fr: {
    title: 'Se désabonner',
    lead: (address: string | null) => (address ? `Choisissez ce que ${address} ne souhaite plus recevoir de notre part.` : 'Choisissez ce que vous ne souhaitez plus recevoir de notre part.'),
    topics: { email_marketing: 'E-mails marketing', sms_marketing: 'SMS marketing' } satisfies Record<UnsubscribeTopic, string>,
    already: '(déjà désabonné)',
    confirm: 'Confirmer le désabonnement',
    note: 'Les messages que vous avez demandés (reçus, alertes de sécurité) ne sont pas concernés.',
    done: 'Vous êtes désabonné. Cela prend effet immédiatement.',
    invalid: "Ce lien n'est pas valide ou a expiré.",
  },
} as const;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const shell = (locale: 'en' | 'fr', body: string) =>
  `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(TEXT[locale].title)}</title>` +
  `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2933}h1{font-size:1.4rem}label{display:block;margin:.5rem 0}button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;border:0;border-radius:6px;background:#1f2933;color:#fff;cursor:pointer}small{color:#52606d}</style></head><body>${body}</body></html>`;

/**
 * The unsubscribe page: self-contained (no script, no outside asset), a checkbox per topic and a confirm button that
 * POSTs the form to the same URL. Loading it changes nothing: link scanners fetch every URL in a message.
 */
export function renderUnsubscribePage(page: UnsubscribePage): string {
  const t = TEXT[page.locale];
  const choices = page.topics
    .map(({ topic, refused }) => `<label><input type="checkbox" name="topic" value="${topic}"${refused ? ' disabled' : ' checked'}> ${escape(t.topics[topic])}${refused ? ` <small>${escape(t.already)}</small>` : ''}</label>`)
    .join('');
  return shell(page.locale, `<h1>${escape(t.title)}</h1><p>${escape(t.lead(page.address))}</p><form method="post"><input type="hidden" name="page" value="1">${choices}<button type="submit">${escape(t.confirm)}</button></form><p><small>${escape(t.note)}</small></p>`);
}

export const renderUnsubscribed = (locale: 'en' | 'fr') => shell(locale, `<h1>${escape(TEXT[locale].title)}</h1><p>${escape(TEXT[locale].done)}</p>`);
export const renderInvalidLink = (locale: 'en' | 'fr') => shell(locale, `<h1>${escape(TEXT[locale].title)}</h1><p>${escape(TEXT[locale].invalid)}</p>`);
