import { PAGES, PLANS } from '../demo/demo-company.js';

/** One page of the demo site: its title and the inside of <main>. */
export interface SitePage {
  readonly title: string;
  readonly body: string;
}

const euros = (n: number) => `${n.toLocaleString('fr-FR')} €`;

const FEATURE_TABS = [
  { slug: 'scoring', label: 'Scoring', text: 'Chaque contact reçoit une température (froid, tiède, chaud, client) et la raison de ce classement.' },
  { slug: 'relances', label: 'Relances', text: 'Un rythme et un canal pour chaque température : contenu pour les froids, appel pour les chauds.' },
  { slug: 'rapports', label: 'Rapports', text: 'Le tunnel de conversion, les points de blocage et le coût de chaque canal.' },
];

function features(tab: string): SitePage {
  const active = FEATURE_TABS.find((t) => t.slug === tab) ?? FEATURE_TABS[0]!;
  const tabs = FEATURE_TABS.map((t) => `<a role="tab" href="${PAGES.features.path}/${t.slug}" data-tab="${t.slug}" aria-selected="${t === active}">${t.label}</a>`).join('');
  return {
    title: PAGES.features.title,
    body: `<h1>Fonctionnalités</h1>
<p>Tout ce qu'il faut à une PME pour transformer ses visiteurs en clients.</p>
<div class="tabs" role="tablist" data-spa-tabs>${tabs}</div>
<section class="tab-panel" data-tab-panel><p>${active.text}</p></section>
<script type="application/json" id="feature-tabs">${JSON.stringify(FEATURE_TABS)}</script>
<p><a class="button" href="${PAGES.pricing.path}">Voir les tarifs</a></p>`,
  };
}

const contactForm = (id: string, action: string, extra = '') => `<form id="${id}" method="post" action="${action}">
  <label>Prénom <input name="firstName" autocomplete="given-name" required></label>
  <label>Nom <input name="lastName" autocomplete="family-name" required></label>
  <label>Email professionnel <input type="email" name="email" autocomplete="email" required></label>
  <label>Entreprise <input name="company" autocomplete="organization"></label>
  ${extra}
  <button type="submit">Envoyer</button>
</form>`;

const plansTable = PLANS.map(
  (plan) => `<article class="plan"><h2>${plan.name}</h2><p class="price">${euros(plan.price)} HT / an</p>
<button type="button" data-add-to-cart data-sku="${plan.sku}" data-name="${plan.name}" data-price="${plan.price}">Ajouter au panier</button></article>`,
).join('');

/** Every page by path. Forms post to a `/merci` page, as a real site would. */
export const SITE_PAGES: Readonly<Record<string, SitePage>> = {
  [PAGES.home.path]: {
    title: PAGES.home.title,
    body: `<h1>Le CRM qui sait qui va acheter</h1>
<p>Atelier Horizon suit vos visiteurs, repère ceux qui sont prêts à acheter et vous dit pourquoi.</p>
<p><a class="button" href="${PAGES.trial.path}">Essai gratuit 14 jours</a> <a href="${PAGES.features.path}">Découvrir les fonctionnalités</a></p>
<h2>Nos articles</h2>
<ul><li><a href="/blog/scoring-des-leads">Le scoring des leads expliqué</a></li><li><a href="/blog/relancer-un-prospect-tiede">Relancer un prospect tiède</a></li></ul>`,
  },
  [PAGES.features.path]: features('scoring'),
  ...Object.fromEntries(FEATURE_TABS.map((t) => [`${PAGES.features.path}/${t.slug}`, features(t.slug)])),
  '/blog/scoring-des-leads': {
    title: 'Le scoring des leads expliqué',
    body: `<h1>Le scoring des leads expliqué</h1><p>Pages vues, temps passé, formulaires, paniers : comment on passe de froid à chaud.</p>
<p>Lire aussi : <a href="${PAGES.whitePaper.path}">notre livre blanc</a>.</p>`,
  },
  '/blog/relancer-un-prospect-tiede': {
    title: 'Relancer un prospect tiède',
    body: `<h1>Relancer un prospect tiède</h1><p>Un prospect tiède compare : relancez-le vite, personnellement.</p>`,
  },
  [PAGES.pricing.path]: {
    title: PAGES.pricing.title,
    body: `<h1>Tarifs</h1><p>Sans engagement de durée. Tous les prix sont hors taxes.</p><div class="plans">${plansTable}</div>`,
  },
  [PAGES.whitePaper.path]: {
    title: PAGES.whitePaper.title,
    body: `<h1>${PAGES.whitePaper.title}</h1><p>Recevez notre guide de 24 pages : laissez-nous vos coordonnées.</p>${contactForm('livre-blanc', `${PAGES.whitePaper.path}/merci`)}`,
  },
  [`${PAGES.whitePaper.path}/merci`]: {
    title: 'Merci !',
    body: `<h1>Merci !</h1><p>Votre livre blanc est prêt : <a id="download" href="/files/livre-blanc-conversion.pdf">télécharger le PDF</a>.</p>`,
  },
  [PAGES.trial.path]: {
    title: PAGES.trial.title,
    body: `<h1>${PAGES.trial.title}</h1><p>Sans carte bancaire.</p>${contactForm('essai-gratuit', `${PAGES.trial.path}/bienvenue`, '<label>Mot de passe <input type="password" name="password" autocomplete="new-password" required></label>')}`,
  },
  [`${PAGES.trial.path}/bienvenue`]: {
    title: 'Bienvenue',
    body: `<h1>Bienvenue !</h1><p>Votre essai de 14 jours commence maintenant.</p><div data-trial-started></div>`,
  },
  [PAGES.contact.path]: {
    title: PAGES.contact.title,
    body: `<h1>${PAGES.contact.title}</h1>${contactForm('contact', `${PAGES.contact.path}/merci`, '<label>Message <textarea name="message"></textarea></label>')}`,
  },
  [`${PAGES.contact.path}/merci`]: { title: 'Message envoyé', body: `<h1>Merci, nous vous rappelons sous 24 h.</h1>` },
  '/boutique': { title: 'Boutique', body: `<h1>Boutique</h1><p>Achetez votre licence en ligne.</p><div class="plans">${plansTable}</div>` },
  [PAGES.cart.path]: {
    title: PAGES.cart.title,
    body: `<h1>Votre panier</h1><ul data-cart-lines></ul><p>Total : <strong data-cart-total></strong></p><p><a class="button" href="/commande">Passer commande</a></p>`,
  },
  '/commande': {
    title: 'Commande',
    body: `<h1>Commande</h1><div data-checkout></div>
<form id="commande" method="post" action="/commande/confirmation">
  <label>Email <input type="email" name="email" autocomplete="email" required></label>
  <label>Nom complet <input name="name" autocomplete="name" required></label>
  <label>Numéro de carte <input name="card-number" autocomplete="cc-number" inputmode="numeric" required></label>
  <label>Cryptogramme <input name="cvc" autocomplete="cc-csc" inputmode="numeric" required></label>
  <button type="submit">Payer</button>
</form>`,
  },
  '/commande/confirmation': { title: 'Commande confirmée', body: `<h1>Merci pour votre commande !</h1><div data-order-completed></div>` },
};

/** Pages that only answer a form post. */
export const FORM_TARGETS = [`${PAGES.whitePaper.path}/merci`, `${PAGES.trial.path}/bienvenue`, `${PAGES.contact.path}/merci`, '/commande/confirmation'];
