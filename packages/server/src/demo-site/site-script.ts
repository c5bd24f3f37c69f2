/**
 * The demo site's own behaviour, as a shop would write it: a cart in localStorage, the e-commerce calls, a chat
 * button, tabs that navigate with the History API, and the panel that shows what LeadPulse thinks of the visitor.
 * Served as /site.js; plain ES2019 so it runs as is.
 */
export const SITE_SCRIPT = String.raw`(function () {
  var lp = window.leadpulse;
  var CART = 'demo_cart';
  var cart = function () { try { return JSON.parse(localStorage.getItem(CART) || '[]'); } catch (e) { return []; } };
  var saveCart = function (lines) { localStorage.setItem(CART, JSON.stringify(lines)); showCount(); };
  var total = function () { return cart().reduce(function (s, l) { return s + l.price; }, 0); };
  var euros = function (n) { return n.toLocaleString('fr-FR') + ' €'; };
  function showCount() { var el = document.querySelector('[data-cart-count]'); if (el) el.textContent = String(cart().length); }
  showCount();

  document.addEventListener('click', function (e) {
    var add = e.target.closest && e.target.closest('[data-add-to-cart]');
    if (add) {
      var line = { sku: add.dataset.sku, name: add.dataset.name, price: Number(add.dataset.price) };
      saveCart(cart().concat([line]));
      lp.productAdded({ product_id: line.sku, name: line.name, price: line.price, currency: 'EUR', quantity: 1 });
      add.textContent = 'Ajouté ✓';
    }
    var tab = e.target.closest && e.target.closest('[data-spa-tabs] a');
    if (tab) {
      e.preventDefault();
      var tabs = JSON.parse(document.getElementById('feature-tabs').textContent);
      var chosen = tabs.filter(function (t) { return t.slug === tab.dataset.tab; })[0];
      document.querySelector('[data-tab-panel]').innerHTML = '<p>' + chosen.text + '</p>';
      document.querySelectorAll('[data-spa-tabs] a').forEach(function (a) { a.setAttribute('aria-selected', String(a === tab)); });
      history.pushState({}, '', tab.getAttribute('href'));
    }
    if (e.target.closest && e.target.closest('#chat-button')) {
      document.getElementById('chat-panel').hidden = false;
      lp.track('Chat Started', { topic: document.title });
    }
  });

  var lines = document.querySelector('[data-cart-lines]');
  if (lines) {
    lines.innerHTML = cart().map(function (l) { return '<li>' + l.name + ' — ' + euros(l.price) + '</li>'; }).join('') || '<li>Votre panier est vide.</li>';
    document.querySelector('[data-cart-total]').textContent = euros(total());
  }
  if (document.querySelector('[data-checkout]')) lp.checkoutStarted({ value: total(), currency: 'EUR', products: cart().map(function (l) { return { product_id: l.sku, price: l.price }; }) });
  if (document.querySelector('[data-order-completed]') && cart().length > 0) {
    lp.orderCompleted({ order_id: 'CMD-' + Date.now().toString(36), revenue: total(), currency: 'EUR', products: cart().map(function (l) { return { product_id: l.sku, price: l.price }; }) });
    saveCart([]);
  }
  if (document.querySelector('[data-trial-started]')) lp.track('Trial Started', { plan: 'pro', trialDays: 14 });

  // What LeadPulse sees: the visitor's own contact, polled from the demo site's server.
  var widget = document.getElementById('lp-widget');
  function refresh() {
    var id = lp.anonymousId && lp.anonymousId();
    if (!id) { widget.querySelector('[data-stage]').textContent = lp.consentState && lp.consentState() !== 'granted' ? 'pas de consentement / no consent' : '…'; return; }
    fetch('/_demo/me?anonymousId=' + encodeURIComponent(id)).then(function (r) { return r.json(); }).then(function (me) {
      widget.querySelector('[data-stage]').textContent = me.found ? me.label.fr + ' / ' + me.label.en : 'pas encore vu / not seen yet';
      widget.querySelector('[data-stage]').dataset.stage = me.found ? me.stage : '';
      widget.querySelector('[data-reasons]').innerHTML = (me.reasons || []).map(function (r) { return '<li>' + r.replace(/</g, '&lt;') + '</li>'; }).join('');
      widget.querySelector('[data-facts]').textContent = me.found ? me.pages + ' pages · ' + Math.round(me.engagedSeconds) + ' s · score ' + me.score : '';
    }).catch(function () {});
  }
  if (widget) { refresh(); setInterval(refresh, 2000); }
})();`;

export const SITE_STYLES = `
:root { --ink: #1d2433; --accent: #e4572e; --muted: #5b6475; font-family: system-ui, sans-serif; color: var(--ink); }
body { margin: 0; line-height: 1.5; }
header { display: flex; gap: 1.5rem; align-items: center; padding: 1rem 2rem; border-bottom: 1px solid #e5e7eb; flex-wrap: wrap; }
header nav { display: flex; gap: 1rem; flex-wrap: wrap; }
a { color: #1f4fd1; }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; font-size: 1.2rem; }
main { max-width: 56rem; margin: 2rem auto; padding: 0 2rem 8rem; }
.button, button { background: var(--accent); color: white; border: 0; padding: .6rem 1rem; border-radius: .4rem; text-decoration: none; cursor: pointer; font: inherit; }
form { display: grid; gap: .8rem; max-width: 28rem; }
label { display: grid; gap: .2rem; }
input, textarea { font: inherit; padding: .5rem; border: 1px solid #c5cad3; border-radius: .3rem; }
.plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 1rem; }
.plan { border: 1px solid #e5e7eb; border-radius: .5rem; padding: 1rem; }
.price { font-size: 1.3rem; font-weight: 600; }
.tabs { display: flex; gap: .5rem; }
.tabs a { padding: .4rem .8rem; border-radius: .3rem; text-decoration: none; }
.tabs a[aria-selected="true"] { background: #eef2ff; font-weight: 600; }
footer { padding: 1rem 2rem; color: var(--muted); border-top: 1px solid #e5e7eb; }
#chat-button { position: fixed; right: 1.5rem; bottom: 1.5rem; }
#chat-panel { position: fixed; right: 1.5rem; bottom: 4.5rem; background: white; border: 1px solid #e5e7eb; padding: 1rem; border-radius: .5rem; max-width: 18rem; }
#consent-banner { position: fixed; inset: auto 0 0 0; background: white; border-top: 1px solid #ddd; padding: 1rem 2rem; display: flex; gap: 1rem; align-items: center; }
#consent-banner[hidden] { display: none; }
#lp-widget { position: fixed; right: 1rem; top: 4.5rem; background: #111827; color: #f9fafb; padding: .8rem 1rem; border-radius: .5rem; max-width: 24rem; font-size: .85rem; }
#lp-widget ul { margin: .3rem 0 0; padding-left: 1.1rem; }
`;

/** A one-page PDF, so the white-paper link downloads a real file. */
export function whitePaperPdf(): Buffer {
  const text = 'Atelier Horizon - 10 leviers pour convertir vos prospects (document de demonstration)';
  const stream = `BT /F1 14 Tf 56 780 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
