import type { RenderedMessageDocument } from '../../follow-up-documents.js';
import type { ApiError } from '@leadpulse/contract/client';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { useDebounced } from '../../use-debounced.js';
import { asApiError } from '../../use-load.js';
import { IssueList } from '../issue-list.js';
import { Loading } from '../states.js';
import { MessageFrame } from './message-frame.js';

type Preview = { status: 'idle' | 'loading' } | { status: 'ready'; message: RenderedMessageDocument } | { status: 'error'; error: ApiError };

/**
 * The template rendered for a contact (or a sample one), asked again a moment after the input stops changing:
 * `revision` changes whenever what would render changes (a save, or the draft itself when the server previews drafts).
 */
export function TemplatePreview({ render, revision, channel }: { render: ((contactId?: string) => Promise<RenderedMessageDocument>) | null; revision: string; channel: 'email' | 'sms' }) {
  const { t, errorText } = useI18n();
  const [contactId, setContactId] = useState('');
  const ask = useDebounced(`${revision}\u0000${contactId.trim()}`, 400);
  const [preview, setPreview] = useState<Preview>({ status: 'idle' });
  useEffect(() => {
    if (!render) return;
    let live = true;
    setPreview({ status: 'loading' });
    const id = ask.split('\u0000')[1] || undefined;
    render(id).then(
      (message) => live && setPreview({ status: 'ready', message }),
      (error: unknown) => live && setPreview({ status: 'error', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
    // `ask` stands for the revision and the contact; `render` changes identity with every render of the parent.
  }, [ask]);

  return (
    <div className="template-preview">
      <label>
        {t('templates.previewFor')}
        <input value={contactId} onChange={(e) => setContactId(e.target.value)} placeholder={t('templates.sampleContact')} />
      </label>
      {!render && <p className="muted">{t('templates.saveToPreview')}</p>}
      {preview.status === 'loading' && <Loading />}
      {preview.status === 'error' && (
        <>
          <p className="form-error" role="alert">
            {errorText(preview.error.code, preview.error.message)}
          </p>
          <IssueList issues={preview.error.issues} title={t('templates.issues')} lines />
        </>
      )}
      {preview.status === 'ready' && (
        <>
          {channel === 'email' && (
            <>
              <p>
                <span className="muted">{t('templates.subject')}:</span> <strong>{preview.message.subject}</strong>
              </p>
              <MessageFrame html={preview.message.html} title={t('templates.previewFrame')} />
            </>
          )}
          <details open={channel === 'sms'}>
            <summary>{t('templates.textPart')}</summary>
            <pre className="message-text">{preview.message.text}</pre>
          </details>
        </>
      )}
    </div>
  );
}
