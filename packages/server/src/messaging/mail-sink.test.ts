import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './courier.js';
import { createMailSink, type MailSink } from './mail-sink.js';

const message = (n: number, extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  channel: 'email',
  messageId: `<send-${n}@leadpulse.test>`,
  sendId: `send-${n}`,
  to: 'ana@example.fr',
  subject: `Bonjour (${n})`,
  html: `<p>Bonjour ${n}</p>`,
  text: `Bonjour ${n}`,
  ...extra,
});

describe('local mail sink', () => {
  let dataDir: string;
  let sink: MailSink;
  let clock = 1_000;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'leadpulse-sink-'));
    sink = createMailSink({ dir: join(dataDir, 'mail-sink'), from: 'LeadPulse <leadpulse@localhost>', now: () => (clock += 1_000) });
  });
  afterEach(async () => {
    await sink.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const files = (ext: string) => readdirSync(join(dataDir, 'mail-sink')).filter((f) => f.endsWith(ext));

  it('stores each message as an .eml a mail client opens, and reads them back newest first', async () => {
    expect(await sink.readInbox(10)).toEqual([]);
    expect(await sink.deliver(message(1, { unsubscribeUrl: 'https://lp.example.fr/u/1' }))).toEqual({ kind: 'sent', providerAnswer: expect.stringMatching(/nothing left this machine/) });
    await sink.deliver(message(2));
    await sink.deliver(message(3));
    const inbox = await sink.readInbox(2);
    expect(inbox.map((m) => [m.sendId, m.messageId, m.subject])).toEqual([
      ['send-3', '<send-3@leadpulse.test>', 'Bonjour (3)'],
      ['send-2', '<send-2@leadpulse.test>', 'Bonjour (2)'],
    ]);
    expect(inbox[0]).toMatchObject({ from: 'LeadPulse <leadpulse@localhost>', to: 'ana@example.fr', html: '<p>Bonjour 3</p>', text: 'Bonjour 3', at: expect.any(Number) });
    expect(inbox[0]!.at).toBeGreaterThan(inbox[1]!.at);

    const emls = files('.eml');
    expect(emls).toHaveLength(3);
    const parsed = await Promise.all(emls.map((f) => simpleParser(readFileSync(join(dataDir, 'mail-sink', f)))));
    const first = parsed.find((p) => p.messageId === '<send-1@leadpulse.test>')!;
    expect(first.subject).toBe('Bonjour (1)');
    expect(first.html).toContain('Bonjour 1');
    expect(first.text?.trim()).toBe('Bonjour 1');
    expect(readFileSync(join(dataDir, 'mail-sink', emls[parsed.indexOf(first)]!), 'utf8')).toMatch(/^List-Unsubscribe: <https:\/\/lp\.example\.fr\/u\/1>$/m);
  });

  it('keeps one message per Message-ID, however often and however concurrently it is delivered', async () => {
    await sink.deliver(message(1));
    const outcomes = await Promise.all([sink.deliver(message(1, { subject: 'again' })), sink.deliver(message(1)), sink.deliver(message(2))]);
    expect(outcomes.map((o) => o.kind)).toEqual(['sent', 'sent', 'sent']);
    expect(files('.eml')).toHaveLength(2);
    const inbox = await sink.readInbox(10);
    expect(inbox.map((m) => m.messageId)).toEqual(['<send-2@leadpulse.test>', '<send-1@leadpulse.test>']);
    expect(inbox[1]!.subject).toBe('Bonjour (1)');
    expect(files('.tmp')).toEqual([]);
  });

  it('lists again a message whose index line was lost, when its send is retried', async () => {
    await sink.deliver(message(1));
    unlinkSync(join(dataDir, 'mail-sink', 'index.ndjson'));
    expect(await sink.readInbox(10)).toEqual([]);
    await sink.deliver(message(1));
    expect((await sink.readInbox(10)).map((m) => m.sendId)).toEqual(['send-1']);
  });

  it('answers transient when it cannot write, so the send is retried', async () => {
    const blocked = join(dataDir, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const broken = createMailSink({ dir: blocked, from: 'leadpulse@localhost' });
    expect(await broken.deliver(message(1))).toMatchObject({ kind: 'transient', error: expect.stringMatching(/could not write/) });
  });
});
