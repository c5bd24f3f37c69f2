/** The fictitious company of the demo: a French B2B software vendor, "Atelier Horizon". */
export const SITE = 'https://www.atelier-horizon.example.fr';

export const PAGES = {
  home: { path: '/', title: 'Atelier Horizon — le CRM des PME' },
  features: { path: '/fonctionnalites', title: 'Fonctionnalités' },
  pricing: { path: '/tarifs', title: 'Tarifs' },
  whitePaper: { path: '/livre-blanc', title: 'Livre blanc : 10 leviers pour convertir vos prospects' },
  trial: { path: '/essai-gratuit', title: 'Essai gratuit 14 jours' },
  contact: { path: '/contact', title: 'Nous contacter' },
  cart: { path: '/panier', title: 'Votre panier' },
} as const;

export const BLOG = [
  '/blog/scoring-des-leads',
  '/blog/relancer-un-prospect-tiede',
  '/blog/crm-pme-guide',
  '/blog/automatisation-marketing',
  '/blog/prospection-terrain-vs-digital',
  '/blog/rgpd-et-prospection',
] as const;

export interface Channel {
  readonly key: string;
  readonly weight: number;
  readonly source: string | null;
  readonly medium: string | null;
  readonly campaigns: readonly string[];
  readonly referrer: string | null;
  /** Web visitors, or contacts met offline and entered by sales (server-side events only). */
  readonly offline: boolean;
  /** How much more likely than average these visitors are to convert. */
  readonly intent: number;
}

export const CHANNELS: readonly Channel[] = [
  { key: 'organic', weight: 34, source: 'google', medium: 'organic', campaigns: [], referrer: 'https://www.google.fr/', offline: false, intent: 1 },
  { key: 'paid-search', weight: 20, source: 'google', medium: 'cpc', campaigns: ['crm-pme-automne', 'logiciel-relance-prospects'], referrer: 'https://www.google.fr/', offline: false, intent: 1.2 },
  { key: 'social', weight: 15, source: 'linkedin', medium: 'social', campaigns: ['linkedin-livre-blanc', 'linkedin-webinaire'], referrer: 'https://www.linkedin.com/', offline: false, intent: 0.6 },
  { key: 'social-facebook', weight: 4, source: 'facebook', medium: 'social', campaigns: ['facebook-essai-gratuit'], referrer: 'https://www.facebook.com/', offline: false, intent: 0.4 },
  { key: 'emailing', weight: 9, source: 'newsletter', medium: 'email', campaigns: ['newsletter-septembre', 'newsletter-octobre', 'newsletter-novembre'], referrer: null, offline: false, intent: 1.1 },
  { key: 'direct', weight: 11, source: null, medium: null, campaigns: [], referrer: null, offline: false, intent: 1.1 },
  { key: 'referral', weight: 4, source: null, medium: null, campaigns: [], referrer: 'https://www.capterra.example.fr/crm', offline: false, intent: 1.4 },
  { key: 'trade-show', weight: 2, source: 'salon-tech-lyon', medium: 'event', campaigns: ['salon-tech-lyon-2026'], referrer: null, offline: true, intent: 2.5 },
  { key: 'field-sales', weight: 1, source: 'terrain', medium: 'field', campaigns: ['prospection-terrain-t4'], referrer: null, offline: true, intent: 3 },
];

export const FIRST_NAMES = ['Camille', 'Léa', 'Manon', 'Chloé', 'Julie', 'Sarah', 'Inès', 'Emma', 'Claire', 'Sophie', 'Lucas', 'Hugo', 'Louis', 'Thomas', 'Nicolas', 'Antoine', 'Julien', 'Maxime', 'Karim', 'Mehdi', 'Pierre', 'Paul', 'Yanis', 'Élodie', 'Amandine'];
export const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Benali', 'Nguyen', 'Lambert'];
export const COMPANIES = ['boulangerie-durand', 'transports-moreau', 'cabinet-leroy', 'agence-lumen', 'menuiserie-petit', 'optique-vincent', 'immo-garcia', 'atelier-roux', 'clinique-fournier', 'domaine-lambert', 'studio-nguyen', 'batiment-girard'];
export const CITIES = ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Lille', 'Bordeaux', 'Rennes', 'Strasbourg', 'Montpellier'];
/** The sales team: each identified contact has an owner, whom hot-lead alerts and tasks go to. */
export const SALES_TEAM = [
  { name: 'Claire Martin', email: 'claire.martin@atelier-horizon.example.fr' },
  { name: 'Julien Robert', email: 'julien.robert@atelier-horizon.example.fr' },
  { name: 'Inès Benali', email: 'ines.benali@atelier-horizon.example.fr' },
] as const;

export const PLANS = [
  { sku: 'essentiel-annuel', name: 'Essentiel (annuel)', price: 348 },
  { sku: 'pro-annuel', name: 'Pro (annuel)', price: 828 },
  { sku: 'equipe-annuel', name: 'Équipe (annuel)', price: 1788 },
] as const;

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
];
export const BOT_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
