import { renderTrackerSnippet } from '@leadpulse/contract';
import { PAGES } from '../demo/demo-company.js';
import type { SitePage } from './site-pages.js';

const NAV: readonly (readonly [string, string])[] = [
  [PAGES.features.path, 'Fonctionnalités'],
  [PAGES.pricing.path, 'Tarifs'],
  [PAGES.whitePaper.path, 'Livre blanc'],
  [PAGES.trial.path, 'Essai gratuit'],
  ['/boutique', 'Boutique'],
  [PAGES.contact.path, 'Contact'],
];

/** A whole page of the demo site: the company's layout, the LeadPulse snippet, a consent banner and the "what LeadPulse sees" panel. */
export function renderPage(page: SitePage, tracker: { host: string; writeKey: string }): string {
  const snippet = renderTrackerSnippet({ host: tracker.host, writeKey: tracker.writeKey, consent: 'pending' });
  const nav = NAV.map(([href, label]) => `<a href="${href}">${label}</a>`).join('');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · Atelier Horizon</title>
<link rel="stylesheet" href="/site.css">
${snippet}
<script src="/site.js" defer></script>
</head>
<body>
<header><a class="brand" href="/">Atelier Horizon</a><nav aria-label="Menu">${nav}<a href="${PAGES.cart.path}">Panier (<span data-cart-count>0</span>)</a></nav></header>
<main>${page.body}</main>
<footer>Atelier Horizon est une entreprise fictive : ce site sert de démonstration à LeadPulse.
Suivez-nous sur <a href="https://www.linkedin.com/company/example">LinkedIn</a>.</footer>
<div id="consent-banner" role="dialog" aria-label="Cookies" hidden>
  <span>Nous mesurons l'audience de ce site pour mieux vous conseiller. / We measure this site's audience.</span>
  <button type="button" data-consent="granted">Accepter</button><button type="button" data-consent="denied">Refuser</button>
</div>
<script>
(function () {
  var banner = document.getElementById('consent-banner');
  // The tracker remembers the visitor's choice under lp_consent; ask only once.
  try { if (!localStorage.getItem('lp_consent')) banner.hidden = false; } catch (e) { banner.hidden = false; }
  banner.addEventListener('click', function (e) {
    var choice = e.target.getAttribute && e.target.getAttribute('data-consent');
    if (!choice) return;
    leadpulse.consent(choice);
    banner.hidden = true;
  });
})();
</script>
<button type="button" id="chat-button">💬 Discuter avec nous</button>
<div id="chat-panel" hidden><strong>Camille, Atelier Horizon</strong><p>Bonjour ! Une question sur nos offres ?</p></div>
<aside id="lp-widget" aria-live="polite"><div>LeadPulse : <strong data-stage>…</strong></div><div data-facts></div><ul data-reasons></ul></aside>
</body>
</html>`;
}
