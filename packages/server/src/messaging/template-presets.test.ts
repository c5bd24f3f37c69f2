import { TEMPLATE_PRESETS } from '@leadpulse/core';
import { describe, expect, it } from 'vitest';
import { compileEmail } from './email-template.js';
import { renderEmail, renderSms, sampleTemplateContext } from './render-template.js';
import { validateTemplate } from './validate-template.js';

describe('the shipped template presets', () => {
  it.each(TEMPLATE_PRESETS.map((t) => [`${t.key} (${t.locale})`, t] as const))('%s validates, renders for a sample contact, and renders without MJML per message', async (_, template) => {
    expect(await validateTemplate(template)).toEqual({ ok: true, value: expect.objectContaining({ key: template.key }) });
    const context = sampleTemplateContext(template.locale);
    if (template.channel === 'sms') {
      const sms = await renderSms(template, context);
      expect(sms.ok && sms.value.text.length).toBeGreaterThan(10);
      return;
    }
    const email = await renderEmail(template, context);
    expect(email.ok && email.value.subject).not.toBe('');
    expect(email.ok && email.value.text).toMatch(template.locale === 'fr' ? /Camille|Bonjour/ : /Alex|Hello|Hi/);
    const compiled = await compileEmail(template);
    expect(compiled.ok && compiled.value.precompiled).not.toBeNull();
  });
});
