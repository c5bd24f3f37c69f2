import type { ApiError } from '@leadpulse/contract/client';
import { useI18n } from '../i18n/i18n.js';

export type Message = { readonly ok: boolean; readonly text: string } | null;

/** What a form's last action did: a polite status when it worked, an alert when it did not. */
export function FormMessage({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <p className={message.ok ? 'note ok' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
      {message.text}
    </p>
  );
}

/** An API error in the reader's language, with the issues the server named (field: problem). */
export function useErrorText() {
  const { errorText } = useI18n();
  return (error: ApiError) => [errorText(error.code, error.message), ...error.issues.map((i) => `${(i.path ?? []).join('.')}: ${i.message}`)].join(' ');
}
