import { emailPreset, type TemplatePreset } from './email-layout.js';

const HELLO = '<mj-text>Hello {{ contact.traits.firstName | default: "there" }},</mj-text>';
const SIGNED = '<mj-text>{{ owner.name | default: "The team" }}{% if owner.email != blank %}<br />{{ owner.email }}{% endif %}</mj-text>';

const email = emailPreset('en');

/** The English templates of the shipped scenarios. */
export const TEMPLATES_EN: readonly TemplatePreset[] = [
  email(
    'cold-nurture',
    'Cold: monthly nurture',
    'A few ideas for you this month, {{ contact.traits.firstName | default: "there" }}',
    'Our picks of the month',
    `${HELLO}
<mj-text>Here are a few things our customers found useful this month: a short guide, a customer story and our latest news.</mj-text>
<mj-button href="{{ contact.traits.website | default: '#' }}">Read this month's picks</mj-button>
<mj-text>See you next month,<br />The team</mj-text>`,
  ),
  email(
    'warm-follow-up',
    'Warm: personal follow-up',
    'Following up on your interest, {{ contact.traits.firstName | default: "there" }}',
    'A quick personal note',
    `${HELLO}
<mj-text>I saw that you recently got in touch with us{% if contact.traits.company %} for {{ contact.traits.company }}{% endif %}, and I wanted to follow up personally.</mj-text>
<mj-text>Would a short call this week help? Just reply to this email with a time that suits you.</mj-text>
${SIGNED}`,
  ),
  email(
    'hot-owner-email',
    'Hot: email signed by the owner',
    '{{ contact.traits.firstName | default: "Hello" }}, shall we talk this week?',
    'Your contact at our company',
    `${HELLO}
<mj-text>I am {{ owner.name | default: "your contact here" }}, and I will be your contact from now on. From what you have looked at, I think we can help you quickly.</mj-text>
<mj-text>Reply to this email, or tell me when I can call you: I will make myself available.</mj-text>
${SIGNED}`,
  ),
  email(
    'hot-sales-alert',
    'Hot: sales alert to the owner',
    'Hot lead: {{ contact.name | default: contact.email }} is {{ contact.stageLabel }}',
    'Contact them within the hour',
    `<mj-text font-size="18px" font-weight="bold">{{ contact.name | default: contact.email }} just became {{ contact.stageLabel }}</mj-text>
<mj-text>Score {{ contact.score }}. Why now:</mj-text>
<mj-text><ul>{% for reason in contact.reasons %}<li>{{ reason }}</li>{% endfor %}</ul></mj-text>
<mj-text>Email: {{ contact.email | default: "unknown" }}{% if contact.traits.phone %}<br />Phone: {{ contact.traits.phone }}{% endif %}{% if contact.traits.company %}<br />Company: {{ contact.traits.company }}{% endif %}</mj-text>
<mj-text>Call them while the interest is fresh.</mj-text>`,
    { footer: false },
  ),
  email(
    'client-renewal-reminder',
    'Client: renewal reminder',
    'Your subscription ends on {{ contact.traits.subscriptionEndsAt | date: "%B %-d, %Y" }}',
    'Renew in one minute',
    `${HELLO}
<mj-text>Your subscription ends on <strong>{{ contact.traits.subscriptionEndsAt | date: "%B %-d, %Y" }}</strong>, in 7 days. Renew now to keep everything running without a break.</mj-text>
<mj-button href="{{ contact.traits.renewalUrl | default: '#' }}">Renew my subscription</mj-button>
${SIGNED}`,
  ),
  email(
    'signup-monthly',
    'After signup: monthly email',
    'Your month with us, {{ contact.traits.firstName | default: "there" }}',
    'Tips to get more out of your account',
    `${HELLO}
<mj-text>Another month together: thank you. Here are three tips to get more out of your account, and what is new since last month.</mj-text>
<mj-button href="{{ contact.traits.website | default: '#' }}">See what's new</mj-button>
<mj-text>The team</mj-text>`,
  ),
  email(
    'document-follow-up',
    'Document: your download',
    'Here is your document, {{ contact.traits.firstName | default: "there" }}',
    'Your download link',
    `${HELLO}
<mj-text>Thank you for your interest. Here is the document you asked for{% if trigger.properties.title %}: <strong>{{ trigger.properties.title }}</strong>{% endif %}.</mj-text>
<mj-button href="{{ trigger.properties.url | default: '#' }}">Open the document</mj-button>
<mj-text>Questions? Just reply to this email.</mj-text>`,
  ),
  email(
    'document-follow-up-resend',
    'Document: re-send with another subject',
    'Did you get a chance to read it, {{ contact.traits.firstName | default: "there" }}?',
    'Your document is still waiting for you',
    `${HELLO}
<mj-text>A few days ago you downloaded{% if trigger.properties.title %} <strong>{{ trigger.properties.title }}</strong>{% else %} one of our documents{% endif %}. In case our first email got lost, here it is again.</mj-text>
<mj-button href="{{ trigger.properties.url | default: '#' }}">Open the document</mj-button>`,
  ),
  {
    key: 'client-renewal-sms',
    locale: 'en',
    channel: 'sms',
    name: 'Client: renewal SMS',
    subject: '',
    body: '{{ contact.traits.firstName | default: "Hello" }}, your subscription ends on {{ contact.traits.subscriptionEndsAt | date: "%b %-d" }}. Renew in one minute: {{ contact.traits.renewalUrl | default: "reply to this message" }}',
  },
];
