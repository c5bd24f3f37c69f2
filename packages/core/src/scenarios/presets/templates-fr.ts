import { emailPreset, type TemplatePreset } from './email-layout.js';

const HELLO = '<mj-text>Bonjour{% if contact.traits.firstName %} {{ contact.traits.firstName }}{% endif %},</mj-text>';
const SIGNED = '<mj-text>{{ owner.name | default: "L\'équipe" }}{% if owner.email != blank %}<br />{{ owner.email }}{% endif %}</mj-text>';

const email = emailPreset('fr');

/** Les modèles français des scénarios livrés. */
export const TEMPLATES_FR: readonly TemplatePreset[] = [
  email(
    'cold-nurture',
    'Froid : nurturing mensuel',
    'Quelques idées pour vous ce mois-ci{% if contact.traits.firstName %}, {{ contact.traits.firstName }}{% endif %}',
    'Notre sélection du mois',
    `${HELLO}
<mj-text>Voici ce que nos clients ont trouvé utile ce mois-ci : un guide court, un témoignage client et nos dernières nouveautés.</mj-text>
<mj-button href="{{ contact.traits.website | default: '#' }}">Lire la sélection du mois</mj-button>
<mj-text>Rendez-vous le mois prochain,<br />L'équipe</mj-text>`,
  ),
  email(
    'warm-follow-up',
    'Tiède : relance personnelle',
    'Suite à votre demande{% if contact.traits.firstName %}, {{ contact.traits.firstName }}{% endif %}',
    'Un mot personnel',
    `${HELLO}
<mj-text>Vous nous avez contactés récemment{% if contact.traits.company %} pour {{ contact.traits.company }}{% endif %}, et je tenais à vous répondre personnellement.</mj-text>
<mj-text>Un court échange cette semaine vous aiderait-il ? Répondez simplement à cet e-mail avec un créneau qui vous convient.</mj-text>
${SIGNED}`,
  ),
  email(
    'hot-owner-email',
    'Chaud : e-mail signé par le responsable',
    '{{ contact.traits.firstName | default: "Bonjour" }}, on en parle cette semaine ?',
    'Votre interlocuteur chez nous',
    `${HELLO}
<mj-text>Je suis {{ owner.name | default: "votre interlocuteur" }} et je vous accompagne désormais. D'après ce que vous avez consulté, je pense que nous pouvons vous aider rapidement.</mj-text>
<mj-text>Répondez à cet e-mail, ou dites-moi quand vous appeler : je me rends disponible.</mj-text>
${SIGNED}`,
  ),
  email(
    'hot-sales-alert',
    'Chaud : alerte commerciale au responsable',
    'Lead chaud : {{ contact.name | default: contact.email }} est {{ contact.stageLabel }}',
    'À contacter dans l\'heure',
    `<mj-text font-size="18px" font-weight="bold">{{ contact.name | default: contact.email }} vient de passer {{ contact.stageLabel }}</mj-text>
<mj-text>Score {{ contact.score }}. Pourquoi maintenant :</mj-text>
<mj-text><ul>{% for reason in contact.reasons %}<li>{{ reason }}</li>{% endfor %}</ul></mj-text>
<mj-text>E-mail : {{ contact.email | default: "inconnu" }}{% if contact.traits.phone %}<br />Téléphone : {{ contact.traits.phone }}{% endif %}{% if contact.traits.company %}<br />Société : {{ contact.traits.company }}{% endif %}</mj-text>
<mj-text>Appelez pendant que l'intérêt est frais.</mj-text>`,
    { footer: false },
  ),
  email(
    'client-renewal-reminder',
    'Client : rappel de renouvellement',
    'Votre abonnement se termine le {{ contact.traits.subscriptionEndsAt | date: "%d/%m/%Y" }}',
    'Renouvelez en une minute',
    `${HELLO}
<mj-text>Votre abonnement se termine le <strong>{{ contact.traits.subscriptionEndsAt | date: "%d/%m/%Y" }}</strong>, dans 7 jours. Renouvelez-le dès maintenant pour continuer sans interruption.</mj-text>
<mj-button href="{{ contact.traits.renewalUrl | default: '#' }}">Renouveler mon abonnement</mj-button>
${SIGNED}`,
  ),
  email(
    'signup-monthly',
    'Après inscription : e-mail mensuel',
    'Votre mois avec nous{% if contact.traits.firstName %}, {{ contact.traits.firstName }}{% endif %}',
    'Des conseils pour tirer le meilleur de votre compte',
    `${HELLO}
<mj-text>Un mois de plus ensemble : merci. Voici trois conseils pour tirer le meilleur de votre compte, et les nouveautés depuis le mois dernier.</mj-text>
<mj-button href="{{ contact.traits.website | default: '#' }}">Voir les nouveautés</mj-button>
<mj-text>L'équipe</mj-text>`,
  ),
  email(
    'document-follow-up',
    'Document : votre téléchargement',
    'Voici votre document{% if contact.traits.firstName %}, {{ contact.traits.firstName }}{% endif %}',
    'Votre lien de téléchargement',
    `${HELLO}
<mj-text>Merci de votre intérêt. Voici le document demandé{% if trigger.properties.title %} : <strong>{{ trigger.properties.title }}</strong>{% endif %}.</mj-text>
<mj-button href="{{ trigger.properties.url | default: '#' }}">Ouvrir le document</mj-button>
<mj-text>Une question ? Répondez simplement à cet e-mail.</mj-text>`,
  ),
  email(
    'document-follow-up-resend',
    'Document : renvoi avec un autre objet',
    'Avez-vous eu le temps de le lire{% if contact.traits.firstName %}, {{ contact.traits.firstName }}{% endif %} ?',
    'Votre document vous attend toujours',
    `${HELLO}
<mj-text>Il y a quelques jours, vous avez téléchargé{% if trigger.properties.title %} <strong>{{ trigger.properties.title }}</strong>{% else %} l'un de nos documents{% endif %}. Au cas où notre premier e-mail se serait perdu, le voici à nouveau.</mj-text>
<mj-button href="{{ trigger.properties.url | default: '#' }}">Ouvrir le document</mj-button>`,
  ),
  {
    key: 'client-renewal-sms',
    locale: 'fr',
    channel: 'sms',
    name: 'Client : SMS de renouvellement',
    subject: '',
    body: '{{ contact.traits.firstName | default: "Bonjour" }}, votre abonnement se termine le {{ contact.traits.subscriptionEndsAt | date: "%d/%m" }}. Renouvelez en une minute : {{ contact.traits.renewalUrl | default: "répondez à ce message" }}',
  },
];
