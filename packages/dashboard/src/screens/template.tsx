import type { TemplateDocument, TemplateInput } from '../follow-up-documents.js';
import { useEffect, useState } from 'react';
import { FormMessage, type Message } from '../components/form-message.js';
import { IssueList, type PathIssue } from '../components/issue-list.js';
import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { TemplatePreview } from '../components/messages/template-preview.js';
import { ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';
import { asApiError, useLoad } from '../use-load.js';

const BLANK: TemplateInput = {
  key: 'my-template',
  locale: 'en',
  channel: 'email',
  name: 'My template',
  subject: 'Hello {{ contact.traits.firstName | default: "there" }}',
  body: '<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n        <mj-text>Hello {{ contact.traits.firstName | default: "there" }},</mj-text>\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>\n',
};

/** A template's subject and body (Liquid over MJML), with a live preview for a contact and its issues by line. */
export default function Template({ id }: { id: string | null }) {
  const { api } = useSession();
  const data = useLoad(() => (id ? api.getTemplate(id) : Promise.resolve(null)), [api, id]);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorBox error={data.error} onRetry={data.reload} />;
  return <TemplateEditor key={data.data?.updatedAt ?? 'new'} saved={data.data} onSaved={data.reload} />;
}

function TemplateEditor({ saved, onSaved }: { saved: TemplateDocument | null; onSaved: () => void }) {
  const { api, can } = useSession();
  const { t, errorText } = useI18n();
  const editor = can('followUps');
  const [draft, setDraft] = useState<TemplateInput>(() => (saved ? { key: saved.key, locale: saved.locale, channel: saved.channel, name: saved.name, subject: saved.subject, body: saved.body } : BLANK));
  const [issues, setIssues] = useState<readonly PathIssue[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  const dirty = !saved || (['key', 'locale', 'channel', 'name', 'subject', 'body'] as const).some((k) => draft[k] !== saved[k]);
  const set = (field: keyof TemplateInput) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  useEffect(() => setMessage(null), [draft]);

  async function save() {
    setBusy(true);
    try {
      const result = saved ? await api.updateTemplate(saved.id, draft) : await api.createTemplate(draft);
      setIssues([]);
      if (!saved) navigate(`/templates/${result.id}`);
      else onSaved();
    } catch (e) {
      const error = asApiError(e);
      setIssues(error.issues);
      setMessage({ ok: false, text: errorText(error.code, error.message) });
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!saved || !window.confirm(t('templates.confirmDelete', { name: saved.name }))) return;
    try {
      await api.deleteTemplate(saved.id);
      navigate('/templates');
    } catch (e) {
      setMessage({ ok: false, text: errorText(asApiError(e).code, asApiError(e).message) });
    }
  }

  return (
    <>
      <p>
        <a href={href('/templates')}>← {t('templates.title')}</a>
      </p>
      <h1>{saved ? saved.name : t('templates.new')}</h1>
      <DeliveryNote />
      <div className="template-editor">
        <section aria-labelledby="template-source">
          <h2 id="template-source">{t('templates.source')}</h2>
          <fieldset className="grid-form" disabled={!editor}>
            <legend className="visually-hidden">{t('templates.source')}</legend>
            <label>
              {t('templates.name')}
              <input value={draft.name} onChange={set('name')} required />
            </label>
            <label>
              {t('templates.key')}
              <input value={draft.key} onChange={set('key')} required />
            </label>
            <label>
              {t('templates.locale')}
              <select value={draft.locale} onChange={set('locale')}>
                <option value="en">{t('templates.locale.en')}</option>
                <option value="fr">{t('templates.locale.fr')}</option>
              </select>
            </label>
            <label>
              {t('templates.channel')}
              <select value={draft.channel} onChange={set('channel')}>
                <option value="email">{t('channel.email')}</option>
                <option value="sms">{t('channel.sms')}</option>
              </select>
            </label>
          </fieldset>
          {draft.channel === 'email' && (
            <label className="block">
              <span>{t('templates.subject')}</span>
              <input className="wide" value={draft.subject} onChange={set('subject')} readOnly={!editor} />
            </label>
          )}
          <label className="block">
            <span>{draft.channel === 'email' ? t('templates.bodyMjml') : t('templates.bodySms')}</span>
            <textarea value={draft.body} onChange={set('body')} rows={22} spellCheck={false} readOnly={!editor} aria-invalid={issues.length > 0} />
          </label>
          <IssueList issues={issues} title={t('templates.issues')} lines />
          {editor && (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void save()} disabled={busy || !dirty}>
                {saved ? t('templates.save') : t('templates.create')}
              </button>
              {saved && (
                <button type="button" onClick={() => void remove()} disabled={busy}>
                  {t('templates.delete')}
                </button>
              )}
            </div>
          )}
          <FormMessage message={message} />
        </section>
        <section aria-labelledby="template-preview">
          <h2 id="template-preview">{t('templates.preview')}</h2>
          <TemplatePreview
            render={editor ? (contactId) => api.previewTemplateDraft({ subject: draft.subject, body: draft.body, channel: draft.channel, locale: draft.locale }, contactId) : saved ? (contactId) => api.previewTemplate(saved.id, contactId) : null}
            revision={editor ? JSON.stringify([draft.subject, draft.body, draft.channel, draft.locale]) : (saved?.updatedAt ?? '')}
            channel={draft.channel}
          />
        </section>
      </div>
    </>
  );
}
