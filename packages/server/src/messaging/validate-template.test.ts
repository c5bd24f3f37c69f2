import { describe, expect, it } from 'vitest';
import { validateTemplate } from './validate-template.js';

const body = (inner: string) => `<mjml><mj-body><mj-section><mj-column>${inner}</mj-column></mj-section></mj-body></mjml>`;
const email = { key: 'warm-follow-up', locale: 'fr', channel: 'email', name: 'Relance tiède', subject: 'Bonjour {{ contact.firstName }}', body: body('<mj-text>Bonjour {{ contact.firstName }}</mj-text>') };

describe('validateTemplate', () => {
  it('accepts a well-formed email and SMS template', async () => {
    expect(await validateTemplate(email)).toEqual({ ok: true, value: email });
    const sms = { key: 'hot-sms', locale: 'en', channel: 'sms', name: 'Hot SMS', body: 'Hi {{ contact.firstName }}, {{ owner.name }} will call you.' };
    expect(await validateTemplate(sms)).toEqual({ ok: true, value: { ...sms, subject: '' } });
  });

  it('names the field of a bad shape', async () => {
    const result = await validateTemplate({ ...email, key: 'Warm Follow Up', locale: 'de', extra: 1 });
    expect(!result.ok && result.error.map((i) => i.path.join('.')).sort()).toEqual(['extra', 'key', 'locale']);
  });

  it('reports Liquid syntax errors with their line and column, in the path and the message', async () => {
    const result = await validateTemplate({ ...email, body: body('<mj-text>\nBonjour\n   {% if contact.score > 50 %}chaud</mj-text>') });
    expect(result).toEqual({
      ok: false,
      error: [{ code: 'liquid_syntax', path: ['body', 3, 4], message: 'Liquid syntax error at line 3, column 4: tag {% if contact.score > 50 %} not closed' }],
    });
    const subject = await validateTemplate({ ...email, subject: 'Bonjour {{ contact.firstName | capitalise }}' });
    expect(subject).toEqual({ ok: false, error: [{ code: 'liquid_syntax', path: ['subject', 1, 9], message: 'Liquid syntax error at line 1, column 9: undefined filter: capitalise' }] });
  });

  it('reports MJML structure errors with their line', async () => {
    const result = await validateTemplate({ ...email, body: '<mjml>\n<mj-body>\n<mj-section>\n<mj-text>orphan</mj-text>\n</mj-section>\n</mj-body>\n</mjml>' });
    expect(result).toEqual({ ok: false, error: [{ code: 'mjml_invalid', path: ['body', 4], message: expect.stringMatching(/^MJML error at line 4 \(mj-text\): mj-text cannot be used inside mj-section/) }] });
    const html = await validateTemplate({ ...email, body: '<p>Bonjour</p>' });
    expect(!html.ok && html.error[0]).toMatchObject({ code: 'mjml_invalid', path: ['body'] });
  });

  it('asks for a subject on email and none on SMS, and renders SMS Liquid too', async () => {
    expect(await validateTemplate({ ...email, subject: ' ' })).toMatchObject({ ok: false, error: [{ code: 'missing_subject', path: ['subject'] }] });
    const sms = { key: 'x', locale: 'en', channel: 'sms', name: 'x', subject: 'Hi', body: 'x' };
    expect(await validateTemplate(sms)).toMatchObject({ ok: false, error: [{ path: ['subject'] }] });
    expect(await validateTemplate({ ...sms, subject: '', body: "{% include 'x' %}" })).toMatchObject({ ok: false, error: [{ code: 'liquid_render', path: ['body', 1, 1] }] });
  });
});
