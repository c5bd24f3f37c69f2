import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the server answers each message once its DATA has arrived. */
export type SmtpTestMode =
  | { readonly kind: 'accept' }
  /** 451 to the first `count` messages, then 250: a greylisting or overloaded relay. */
  | { readonly kind: 'tempfail'; readonly count: number }
  /** Closes the connection without an answer once the message is in: the window where the relay may have it. */
  | { readonly kind: 'drop_after_data'; readonly count: number }
  /** 550 to every message: a mailbox that does not exist. */
  | { readonly kind: 'reject' }
  /** 550 5.7.1 to every MAIL FROM: a relay that refuses our sender (our configuration's problem, not a bounce). */
  | { readonly kind: 'reject_sender' }
  /** This reply to every RCPT TO (`550 5.1.1 …`, `451 4.2.0 …`): a refused recipient, before any DATA. */
  | { readonly kind: 'reject_rcpt'; readonly code: number; readonly message: string };

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: string;
  readonly parsed: ParsedMail;
  readonly messageId: string;
  readonly at: number;
}

export interface SmtpTestServer {
  readonly url: string;
  readonly port: number;
  /** Messages the server answered 250 to, in order. */
  readonly received: ReceivedMail[];
  /** Every DATA the server read, answered or not. */
  readonly attempts: number;
  /** Connections a sender dropped mid-session (a killed process): counted, never an unhandled error. */
  readonly connectionResets: number;
  setMode(mode: SmtpTestMode): void;
  /** Waits until `count` messages were accepted (or fails after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * A real SMTP server (the `smtp-server` package) on a free local port, recording what it accepts. `replyDelayMs` makes
 * it answer each accepted message that much later, as a relay that writes its queue to disk or sits across a network.
 */
export async function startSmtpTestServer(initial: SmtpTestMode = { kind: 'accept' }, options: { readonly replyDelayMs?: number } = {}): Promise<SmtpTestServer> {
  let mode = initial;
  let attempts = 0;
  let connectionResets = 0;
  let answered = 0;
  const received: ReceivedMail[] = [];
  const sockets = new Map<string, Socket>();
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 100,
    onMailFrom(_address, _session, callback) {
      if (mode.kind === 'reject_sender') return callback(smtpError(550, '5.7.1 Sender not allowed to relay'));
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (mode.kind === 'reject_rcpt') return callback(smtpError(mode.code, mode.message));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts++;
        const index = answered++;
        const raw = Buffer.concat(chunks).toString('utf8');
        if (mode.kind === 'drop_after_data' && index < mode.count) {
          sockets.get(`${session.remoteAddress}:${session.remotePort}`)?.destroy();
          return;
        }
        if (mode.kind === 'tempfail' && index < mode.count) return callback(smtpError(451, 'Try again later'));
        if (mode.kind === 'reject') return callback(smtpError(550, 'No such user here'));
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
              raw,
              parsed,
              messageId: parsed.messageId ?? '',
              at: Date.now(),
            });
            const reply = `Ok: queued as ${received.length}`;
            if (options.replyDelayMs) setTimeout(() => callback(null, reply), options.replyDelayMs);
            else callback(null, reply);
            for (const wake of waiters) wake();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(key, socket);
    socket.on('close', () => sockets.delete(key));
  });
  // smtp-server re-emits a socket error (a client that died mid-session) on the server: unheard, it would crash the run.
  server.on('error', (error: Error & { code?: string }) => {
    if (error.code === 'ECONNRESET' || error.code === 'EPIPE') connectionResets++;
    else throw error;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    get attempts() {
      return attempts;
    },
    get connectionResets() {
      return connectionResets;
    },
    setMode(next) {
      mode = next;
      answered = 0;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the SMTP test server received ${received.length} of ${count} messages`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const socket of sockets.values()) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
