/**
 * A module loaded on first use and kept: what only sending, rendering or bounce parsing needs (Liquid, MJML,
 * htmlparser2, nodemailer, mailsplit, libphonenumber-js) stays out of every CLI command that never sends.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
