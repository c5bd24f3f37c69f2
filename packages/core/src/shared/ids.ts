declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Milliseconds since the Unix epoch, UTC. Every instant in LeadPulse is one. */
export type EpochMs = number;
export type ContactId = Brand<string, 'ContactId'>;
export type EventId = Brand<string, 'EventId'>;
export type Points = number;

export const contactId = (value: string): ContactId => value as ContactId;
export const eventId = (value: string): EventId => value as EventId;
