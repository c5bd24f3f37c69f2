import { describe, expect, it } from 'vitest';
import type { NodemailerError } from 'nodemailer/lib/errors';
import { bounceOfOutcome } from '../app/scenarios/bounce-outcome.js';
import { classifySmtpError } from './smtp-courier.js';

// Errors as nodemailer's SMTP connection shapes them: the reply line, its code and the command it answered.
const smtpError = (response: string, command: string) => Object.assign(new Error(`Can't send mail - ${response}`), { code: 'EENVELOPE', response, responseCode: Number(response.slice(0, 3)), command }) as unknown as NodemailerError;

describe('SMTP replies as bounces', () => {
  it.each([
    ['550 5.1.1 <ana@example.fr>: Recipient address rejected: User unknown in virtual mailbox table', 'RCPT TO', { kind: 'permanent', bounce: { bounceType: 'hard', status: '5.1.1' } }],
    ['550-5.1.1 The email account that you tried to reach does not exist. https://support.google.com/mail/?p=NoSuchUser', 'RCPT TO', { kind: 'permanent', bounce: { bounceType: 'hard', status: '5.1.1' } }],
    ['552 5.2.2 Mailbox full', 'DATA', { kind: 'permanent', bounce: { bounceType: 'hard', status: '5.2.2' } }],
    ['554 5.7.1 Message rejected as spam by Content Filtering', 'DATA', { kind: 'permanent', bounce: { bounceType: 'hard', status: '5.7.1' } }],
    ['553 sorry, that domain isn\'t in my list of allowed rcpthosts', 'RCPT TO', { kind: 'permanent', bounce: { bounceType: 'hard' } }],
    ['450 4.2.0 <ana@example.fr>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/', 'RCPT TO', { kind: 'transient', bounce: null }],
    ['451 4.7.1 Please try again later', 'DATA', { kind: 'transient', bounce: null }],
    ['421 4.7.0 Try again later, closing connection.', 'RCPT TO', { kind: 'transient', bounce: null }],
    // Our sender or the session, not the recipient: never a bounce.
    ['550 5.7.1 Sender address rejected: not owned by user', 'MAIL FROM', { kind: 'permanent', bounce: null }],
    ['503 5.5.1 Error: need RCPT command', 'DATA', { kind: 'transient', bounce: null }],
  ] as const)('%s (at %s)', (response, command, expected) => {
    const outcome = classifySmtpError(smtpError(response, command));
    expect(outcome.kind).toBe(expected.kind);
    const bounce = bounceOfOutcome(outcome, { exhausted: false });
    if (expected.bounce === null) expect(bounce).toBeNull();
    else expect(bounce).toEqual({ ...expected.bounce, diagnostic: response });
  });

  it('soft-bounces a 4xx refusal once its retries are exhausted, and only then', () => {
    const outcome = classifySmtpError(smtpError('450 4.2.0 Mailbox temporarily unavailable', 'RCPT TO'));
    expect(bounceOfOutcome(outcome, { exhausted: false })).toBeNull();
    expect(bounceOfOutcome(outcome, { exhausted: true })).toEqual({ bounceType: 'soft', status: '4.2.0', diagnostic: '450 4.2.0 Mailbox temporarily unavailable' });
  });

  it('does not call a lost connection a bounce', () => {
    const outcome = classifySmtpError(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' }) as unknown as NodemailerError);
    expect(bounceOfOutcome(outcome, { exhausted: true })).toBeNull();
  });
});
