// The peer: a bare Fastify endpoint that parses a batch and inserts its rows into SQLite in one transaction
// per request (WAL, synchronous=FULL, like LeadPulse). No validation, identity, fold or classification.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fastify } from 'fastify';

export async function startPeer() {
  const dir = mkdtempSync(join(tmpdir(), 'leadpulse-peer-'));
  const db = new Database(join(dir, 'peer.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table events (id text primary key, anonymous_id text, type text, name text, at integer, payload text)');
  const insert = db.prepare('insert into events values (?, ?, ?, ?, ?, ?) on conflict (id) do nothing');
  const write = db.transaction((batch) => {
    for (const e of batch) insert.run(e.messageId, e.anonymousId ?? null, e.type, e.event ?? e.name ?? null, Date.parse(e.timestamp) || Date.now(), JSON.stringify(e));
  });
  const app = fastify({ bodyLimit: 512 * 1024 });
  app.post('/v1/batch', async (request) => {
    write(request.body.batch);
    return { success: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${app.server.address().port}`,
    count: () => db.prepare('select count(*) n from events').get().n,
    async stop() {
      await app.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
