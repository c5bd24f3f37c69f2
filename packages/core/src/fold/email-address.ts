// RFC 5321 caps an address at 254 characters; the cap also keeps identity keys within PostgreSQL's index entry size.
const MAX_EMAIL = 254;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Whether a trimmed, lowercased text can be a contact's email. Example: `isEmailAddress('claire@example.fr')` → true. */
export const isEmailAddress = (text: string): boolean => text.length <= MAX_EMAIL && EMAIL.test(text);
