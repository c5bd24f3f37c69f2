import { err, ok, type ContactId, type DomainError, type Result } from '@leadpulse/core';
import { sampleTemplateContext } from '../../messaging/template-context.js';
import { loadOnce } from '../load-once.js';
import type { ActiveDoctrine } from '../active-doctrine.js';
import { newId } from '../new-id.js';
import type { Clock, Store } from '../ports.js';
import type { RenderedMessage, TemplateAdmin } from '../scenario-app.js';
import type { TemplateRecord } from '../scenario-ports.js';
import { liquidContext } from './compose-message.js';

const rendering = loadOnce(() => import('../../messaging/render-template.js'));

type Deps = { store: Pick<Store, 'templates' | 'contacts'>; clock: Clock; doctrine: () => ActiveDoctrine; publicUrl: string | null };

type DraftTemplate = Pick<TemplateRecord, 'locale' | 'channel' | 'subject' | 'body'>;

const notFound = (id: string): DomainError => ({ code: 'template_not_found', message: `No template has the id ${id}.` });
const taken = (t: Pick<TemplateRecord, 'key' | 'locale'>): DomainError => ({ code: 'template_key_taken', message: `Another template already has the key "${t.key}" in ${t.locale}.` });

/** Message templates: Liquid over MJML (email) or text (SMS), checked on save, previewed for a real contact. */
export function createTemplateAdmin(deps: Deps): TemplateAdmin {
  const now = () => deps.clock.now().getTime();
  const check = async (input: unknown) => {
    const result = await (await rendering()).validateTemplate(input);
    return result.ok ? result : err<DomainError>({ code: 'invalid_template', message: `The template has ${result.error.length} problem(s): ${result.error.map((i) => i.message).join('; ')}`, issues: result.error });
  };
  return {
    list: () => deps.store.templates.list(),
    async get(id) {
      const record = await deps.store.templates.get(id);
      return record ? ok(record) : err(notFound(id));
    },
    async create(input) {
      const fields = await check(input);
      if (!fields.ok) return fields;
      const at = now();
      const record: TemplateRecord = { id: newId('tpl', at), ...fields.value, createdAt: at, updatedAt: at };
      return (await deps.store.templates.save(record)) ? ok(record) : err(taken(record));
    },
    async update(id, input) {
      const previous = await deps.store.templates.get(id);
      if (!previous) return err(notFound(id));
      const fields = await check(input);
      if (!fields.ok) return fields;
      const record: TemplateRecord = { ...previous, ...fields.value, updatedAt: now() };
      return (await deps.store.templates.save(record)) ? ok(record) : err(taken(record));
    },
    async remove(id) {
      return (await deps.store.templates.delete(id)) ? ok({ deleted: true as const }) : err(notFound(id));
    },
    async previewDraft(input, contactId) {
      // A draft need not be named yet: only what renders is checked.
      const fields = await check({ key: 'draft', name: 'draft', ...(typeof input === 'object' && input !== null ? input : {}) });
      if (!fields.ok) return fields;
      return previewFor(fields.value, contactId);
    },
    async preview(id, contactId) {
      const template = await deps.store.templates.get(id);
      if (!template) return err(notFound(id));
      return previewFor(template, contactId);
    },
  };

  async function previewFor(template: TemplateRecord | DraftTemplate, contactId: ContactId | undefined): Promise<Result<RenderedMessage, DomainError>> {
    if (!contactId) return render(template, sampleTemplateContext(template.locale));
    const contact = await deps.store.contacts.get(contactId);
    if (!contact) return err({ code: 'contact_not_found', message: `No contact has the id ${contactId}.` });
    return render(template, liquidContext(contact, null, { doctrine: deps.doctrine, publicUrl: deps.publicUrl }, template.locale));
  }

  /** A stored template's parse is cached by (id, updatedAt); a draft's is not (it changes with every keystroke). */
  async function render(template: TemplateRecord | DraftTemplate, context: object): Promise<Result<RenderedMessage, DomainError>> {
    const failed = (issues: readonly { message: string }[]) => err<DomainError>({ code: 'template_failed', message: issues.map((i) => i.message).join('; ') });
    const cache = 'id' in template ? { id: template.id, updatedAt: template.updatedAt } : {};
    const { renderEmail, renderSms } = await rendering();
    if (template.channel === 'sms') {
      const text = await renderSms({ body: template.body, ...cache }, context);
      return text.ok ? ok({ subject: '', html: '', text: text.value.text }) : failed(text.error);
    }
    const rendered = await renderEmail({ subject: template.subject, body: template.body, ...cache }, context);
    return rendered.ok ? ok(rendered.value) : failed(rendered.error);
  }
}
