import { describe, expect, it } from 'vitest';
import { DOCTRINE_PRESETS } from '../../doctrine/presets/index.js';
import { validateScenario } from '../validate-scenario.js';
import { SCENARIO_PRESETS, TEMPLATE_PRESETS } from './index.js';

const templateKeys = new Set(TEMPLATE_PRESETS.map((t) => t.key));
const named = (channel: 'email' | 'sms') =>
  SCENARIO_PRESETS.flatMap((s) => s.steps.flatMap((step) => ('template' in step && step.template !== undefined && (step.type === 'send_sms') === (channel === 'sms') ? [step.template] : [])));

describe('SCENARIO_PRESETS', () => {
  it('ships the six follow-ups with unique keys', () => {
    expect(SCENARIO_PRESETS.map((s) => s.key)).toEqual(['cold-nurture', 'warm-follow-up', 'hot-sales-alert', 'client-renewal', 'signup-monthly', 'resend-unopened']);
  });

  it('validates every preset against each doctrine preset that has its stages, and the shipped templates', () => {
    for (const doctrine of Object.values(DOCTRINE_PRESETS)) {
      const stages = [...doctrine.stages.map((s) => s.key), doctrine.fallback.key];
      for (const scenario of SCENARIO_PRESETS) {
        const result = validateScenario(JSON.parse(JSON.stringify(scenario)), { stages, templates: templateKeys });
        expect([doctrine.name, scenario.key, result.ok ? [] : result.error]).toEqual([doctrine.name, scenario.key, []]);
      }
    }
  });
});

describe('TEMPLATE_PRESETS', () => {
  it('has every template a preset names, in English and in French, on the right channel', () => {
    for (const [channel, keys] of [['email', named('email')], ['sms', named('sms')]] as const) {
      for (const key of keys) {
        for (const locale of ['en', 'fr'] as const) {
          expect(TEMPLATE_PRESETS.filter((t) => t.key === key && t.locale === locale).map((t) => t.channel)).toEqual([channel]);
        }
      }
    }
  });

  it('ships only templates a preset names, each once per language', () => {
    const used = new Set([...named('email'), ...named('sms')]);
    expect([...templateKeys].filter((k) => !used.has(k))).toEqual([]);
    const pairs = TEMPLATE_PRESETS.map((t) => `${t.key}/${t.locale}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(TEMPLATE_PRESETS.filter((t) => t.locale === 'en').length).toBe(TEMPLATE_PRESETS.filter((t) => t.locale === 'fr').length);
  });

  it('writes emails as MJML with a subject, SMS as short text, and balanced Liquid', () => {
    for (const t of TEMPLATE_PRESETS) {
      const where = `${t.key}/${t.locale}`;
      if (t.channel === 'email') {
        expect([where, t.body.startsWith('<mjml') && t.body.includes('<mj-body') && t.body.trimEnd().endsWith('</mjml>'), t.subject.length > 0]).toEqual([where, true, true]);
      } else {
        expect([where, t.subject, t.body.includes('<')]).toEqual([where, '', false]);
      }
      for (const text of [t.subject, t.body]) {
        const count = (pattern: RegExp) => (text.match(pattern) ?? []).length;
        expect([where, count(/\{\{/g), count(/\{%\s*if\b/g), count(/\{%\s*for\b/g)]).toEqual([where, count(/\}\}/g), count(/\{%\s*endif\s*%\}/g), count(/\{%\s*endfor\s*%\}/g)]);
      }
    }
  });

  it('greets by first name with a fallback, names the stage, lists the reasons and signs with the owner', () => {
    const body = (key: string, locale: 'en' | 'fr') => TEMPLATE_PRESETS.find((t) => t.key === key && t.locale === locale)!.body;
    expect(body('warm-follow-up', 'en')).toContain('{{ contact.traits.firstName | default: "there" }}');
    expect(body('hot-sales-alert', 'fr')).toContain('{{ contact.stageLabel }}');
    expect(body('hot-sales-alert', 'en')).toContain('{% for reason in contact.reasons %}');
    expect(body('hot-owner-email', 'fr')).toContain('{{ owner.name');
    expect(body('cold-nurture', 'fr')).toContain('{{ unsubscribeUrl }}');
    expect(body('hot-sales-alert', 'en')).not.toContain('unsubscribeUrl');
  });
});
