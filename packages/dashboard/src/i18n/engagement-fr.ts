import type { engagementEn } from './engagement-en.js';

/** Les ouvertures et clics d'email attribués à une machine, en français : les mêmes clés que engagement-en.ts. */
export const engagementFr: Record<keyof typeof engagementEn, string> = {
  'engagement.openIgnored': '{name} : ouverture ignorée ({reason})',
  'engagement.clickIgnored': '{name} : clic ignoré ({reason})',
  'engagement.reason.no_user_agent': "pas d'agent utilisateur",
  'engagement.reason.apple_privacy_proxy': 'préchargement de la protection de la confidentialité d’Apple Mail',
  'engagement.reason.apple_proxy_address': 'depuis les adresses du proxy d’Apple',
  'engagement.reason.gmail_image_proxy': 'proxy d’images de Gmail',
  'engagement.reason.yahoo_mail_proxy': 'proxy d’images de Yahoo Mail',
  'engagement.reason.security_scanner': 'analyseur de sécurité',
  'engagement.reason.headless_browser': 'navigateur sans interface',
  'engagement.reason.http_library': 'script, pas un navigateur',
  'engagement.reason.crawler': "robot d'exploration",
  'engagement.reason.prefetch_timing': 'chargée moins de 2 s après l’envoi',
  'engagement.reason.scanner_timing': 'cliqué moins de 10 s après l’envoi',
  'engagement.reason.link_burst': 'plusieurs liens cliqués en moins d’une seconde',
};
