import { describe, expect, it } from 'vitest';
import { compileEmail, renderCompiledEmail } from './email-template.js';
import { renderEmail, renderSms, sampleTemplateContext, templateContext } from './render-template.js';

const mjml = (inner: string, head = '') => `<mjml>${head ? `<mj-head>${head}</mj-head>` : ''}<mj-body><mj-section><mj-column>${inner}</mj-column></mj-section></mj-body></mjml>`;

const context = templateContext({
  locale: 'fr',
  contact: {
    id: 'c1',
    email: 'ana@example.fr',
    traits: { firstName: 'Ana', lastName: 'Lopes', owner: 'julie@example.fr', ownerName: 'Julie', company: 'Tom & <Jerry>' },
    stage: 'hot',
    stageLabels: { en: 'Hot lead', fr: 'Lead chaud' },
    score: 81,
    reasons: [{ stage: 'hot', conditions: [{ condition: null, text: '3 pricing-page views within 7d (observed 4)', observed: 4, evidence: [] }] }],
  },
  scenario: { key: 'hot-alert', name: 'Hot alert' },
  unsubscribeUrl: 'https://lp.example/u/tok',
});

describe('templateContext', () => {
  it('gives templates the contact, its stage in the locale, readable reasons, the owner and the scenario', () => {
    expect(context.contact).toMatchObject({ firstName: 'Ana', name: 'Ana Lopes', stageLabel: 'Lead chaud', score: 81, reasons: ['3 pricing-page views within 7d (observed 4)'] });
    expect(context.owner).toEqual({ email: 'julie@example.fr', name: 'Julie' });
    expect(context.scenario).toEqual({ key: 'hot-alert', name: 'Hot alert' });
    expect(templateContext({ locale: 'en', contact: { ...context.contact, email: null, traits: { owner: 'Paul' }, reasons: [] } }).owner).toEqual({ email: '', name: 'Paul' });
  });
});

describe('renderEmail', () => {
  it('renders Liquid over MJML to responsive HTML, an escaped body, a plain subject and a text part', async () => {
    const result = await renderEmail(
      { subject: 'Bonjour {{ contact.firstName }} de {{ contact.traits.company }}', body: mjml(`<mj-text>Bonjour {{ contact.firstName }} ({{ contact.traits.company }}), {{ contact.nope.deeper }}fin</mj-text><mj-button href="{{ unsubscribeUrl }}">Se désabonner</mj-button>`) },
      context,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.subject).toBe('Bonjour Ana de Tom & <Jerry>');
    expect(result.value.html).toContain('Bonjour Ana (Tom &amp; &lt;Jerry&gt;), fin');
    expect(result.value.html).toContain('href="https://lp.example/u/tok"');
    expect(result.value.html).toMatch(/@media only screen/);
    expect(result.value.text).toContain('Bonjour Ana (Tom & <Jerry>), fin');
    expect(result.value.text).toContain('Se désabonner [https://lp.example/u/tok]');
  });

  it('escapes once when the template escapes out of habit', async () => {
    const result = await renderEmail({ subject: 's', body: mjml(`<mj-text>{{ contact.traits.company | escape }}|{{ contact.traits.company }}</mj-text>`) }, context);
    expect(result.ok && result.value.html).toContain('Tom &amp; &lt;Jerry&gt;|Tom &amp; &lt;Jerry&gt;');
  });

  it('refuses unknown filters with the line and column, on the field that has them', async () => {
    const result = await renderEmail({ subject: 'Hi', body: mjml(`\n<mj-text>\n  {{ contact.firstName | shout }}</mj-text>`) }, context);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([{ code: 'liquid_syntax', path: ['body', 3, 3], message: 'Liquid syntax error at line 3, column 3: undefined filter: shout' }]);
    const subject = await renderEmail({ subject: 'Hi {% if x %}', body: mjml('<mj-text>x</mj-text>') }, context);
    expect(!subject.ok && subject.error[0]?.path).toEqual(['subject', 1, 4]);
  });

  it('reports MJML structure errors as issues', async () => {
    const result = await renderEmail({ subject: 'Hi', body: '<mjml><mj-body><mj-text>not in a column</mj-text></mj-body></mjml>' }, context);
    expect(!result.ok && result.error.map((i) => i.code)).toEqual(['mjml_invalid']);
    const notMjml = await renderEmail({ subject: 'Hi', body: '<p>plain html</p>' }, context);
    expect(!notMjml.ok && notMjml.error[0]?.message).toMatch(/must be an MJML document/);
  });

  it('reads no file through Liquid partials or MJML includes', async () => {
    const liquid = await renderEmail({ subject: 'x', body: mjml(`<mj-text>{% include '/etc/passwd' %}</mj-text>`) }, context);
    expect(!liquid.ok && liquid.error[0]?.code).toBe('liquid_render');
    const include = await renderEmail({ subject: 'x', body: mjml(`<mj-include path="/etc/passwd" />`) }, context);
    expect(include.ok && include.value.html).not.toMatch(/root:/);
  });

  it('skips the hidden preview line and images in the text part', async () => {
    const result = await renderEmail({ subject: 'x', body: mjml(`<mj-image src="https://x/p.png" alt="pixel" /><mj-text>Body</mj-text>`, '<mj-preview>Inbox teaser</mj-preview>') }, context);
    expect(result.ok && result.value.text).toBe('Body');
    expect(result.ok && result.value.html).toContain('Inbox teaser');
  });

  const precompilable = [
    mjml(`<mj-text>Hi {{ contact.firstName }}, {% if contact.score > 50 %}you are <b>hot</b>{% else %}welcome{% endif %}</mj-text><mj-button href="{{ unsubscribeUrl }}">Go</mj-button>`, '<mj-title>{{ scenario.name }}</mj-title><mj-preview>{{ contact.stageLabel }}</mj-preview>'),
    mjml(`<mj-text><ul>{% for reason in contact.reasons %}<li>{{ reason }}</li>{% endfor %}</ul></mj-text><mj-image src="https://x/{{ contact.id }}.png" href="https://x/?a=1&amp;b={{ contact.traits.company }}" />`),
  ];
  const mustRenderPerMessage = [
    // A block around MJML elements: MJML must see only the branch taken.
    mjml(`{% if contact.score > 50 %}<mj-text>hot</mj-text>{% else %}<mj-text>cold</mj-text>{% endif %}`),
    // `| raw` may inject MJML.
    mjml(`<mj-text>{{ contact.traits.company | raw }}</mj-text>`),
    // A typed attribute: MJML must check the value itself.
    mjml(`<mj-text padding="{{ contact.traits.padding }}">x</mj-text>`),
  ];

  it('compiles MJML once when Liquid survives it untouched, with the same result as per message', async () => {
    for (const body of precompilable) {
      const fast = await compileEmail({ subject: 's', body });
      const slow = await compileEmail({ subject: 's', body }, { precompile: false });
      expect(fast.ok && fast.value.precompiled !== null, body).toBe(true);
      if (!fast.ok || !slow.ok) continue;
      for (const ctx of [context, sampleTemplateContext('en'), templateContext({ locale: 'en', contact: { ...context.contact, score: 10, reasons: [] } })]) {
        // The one known difference: an empty title leaves `aria-label=""` where MJML would omit the attribute.
        const emptyLabel = (r: Awaited<ReturnType<typeof renderCompiledEmail>>) => (r.ok ? { ...r.value, html: r.value.html.replace(' aria-label=""', '') } : r);
        expect(emptyLabel(await renderCompiledEmail(fast.value, ctx))).toEqual(emptyLabel(await renderCompiledEmail(slow.value, ctx)));
      }
    }
    for (const body of mustRenderPerMessage) {
      const compiled = await compileEmail({ subject: 's', body });
      expect(compiled.ok && compiled.value.precompiled, body).toBeNull();
    }
  });

  it('renders the branch taken when a block wraps MJML elements', async () => {
    const body = mustRenderPerMessage[0]!;
    const hot = await renderEmail({ subject: 's', body }, context);
    expect(hot.ok && hot.value.text).toBe('hot');
  });
});

describe('renderSms', () => {
  it('renders plain text without HTML escaping, spaces collapsed', async () => {
    const result = await renderSms({ body: 'Bonjour {{ contact.firstName }}  ({{ contact.traits.company }}) \n {{ owner.name }}' }, context);
    expect(result).toEqual({ ok: true, value: { text: 'Bonjour Ana (Tom & <Jerry>)\nJulie' } });
    const bad = await renderSms({ body: '{{ x | nope }}' }, context);
    expect(!bad.ok && bad.error[0]?.code).toBe('liquid_syntax');
  });
});
