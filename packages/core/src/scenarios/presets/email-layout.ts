/** A shipped message template: Liquid over MJML for email, Liquid text for SMS, in one language. */
export interface TemplatePreset {
  readonly key: string;
  readonly locale: 'en' | 'fr';
  readonly channel: 'email' | 'sms';
  readonly name: string;
  /** Liquid; empty for SMS. */
  readonly subject: string;
  readonly body: string;
}

const FOOTER = {
  en: 'You receive this email because you are in touch with us. <a href="{{ unsubscribeUrl }}" style="color:#6b7280">Unsubscribe</a>.',
  fr: 'Vous recevez cet e-mail car vous êtes en contact avec nous. <a href="{{ unsubscribeUrl }}" style="color:#6b7280">Se désinscrire</a>.',
} as const;

/**
 * One responsive layout for every shipped email: a preview line, the content sections (`<mj-text>`, `<mj-button>`)
 * in one column, and a footer with the unsubscribe link (none for internal alerts).
 */
export function emailLayout(locale: 'en' | 'fr', preview: string, content: string, options: { footer?: boolean } = {}): string {
  const footer = options.footer === false ? '' : `
    <mj-section padding="0 24px 24px">
      <mj-column>
        <mj-divider border-color="#e5e7eb" border-width="1px" />
        <mj-text font-size="12px" color="#6b7280">${FOOTER[locale]}</mj-text>
      </mj-column>
    </mj-section>`;
  return `<mjml lang="${locale}">
  <mj-head>
    <mj-preview>${preview}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.5" color="#1f2937" />
      <mj-button background-color="#2563eb" color="#ffffff" border-radius="6px" font-size="15px" />
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
${content
  .trim()
  .split('\n')
  .map((l) => `        ${l.trim()}`)
  .join('\n')}
      </mj-column>
    </mj-section>${footer}
  </mj-body>
</mjml>`;
}

/** A shipped email template in one language, laid out by `emailLayout`. */
export const emailPreset =
  (locale: 'en' | 'fr') =>
  (key: string, name: string, subject: string, preview: string, content: string, options?: { footer?: boolean }): TemplatePreset => ({
    key,
    locale,
    channel: 'email',
    name,
    subject,
    body: emailLayout(locale, preview, content, options),
  });
