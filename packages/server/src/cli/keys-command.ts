import { EXIT, UsageError, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';

export const KEYS_HELP = `Usage:
  leadpulse keys list
  leadpulse keys create --kind write|admin --label "Site vitrine" [--origin https://www.example.fr]…
  leadpulse keys revoke <id>

Write keys authenticate event senders (HTTP Basic username); admin tokens authenticate /api/v1.
A secret is shown once, at creation; only its hash is stored. --origin restricts a write key to browser
origins (repeat it for several). The store is the configured one (--data-dir, --database-url or LEADPULSE_*).`;

export async function keysCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  const [action, id] = positionals;
  if (!['list', 'create', 'revoke'].includes(action ?? '')) throw new UsageError(KEYS_HELP);
  if (action === 'create' && !['write', 'admin'].includes(String(flags['kind']))) throw new UsageError('keys create needs --kind write or --kind admin.');
  if (action === 'create' && typeof flags['label'] !== 'string') throw new UsageError('keys create needs --label "…".');
  if (action === 'revoke' && !id) throw new UsageError('keys revoke needs the key id (see `leadpulse keys list`).');
  if (action !== 'revoke' && id) throw new UsageError(`keys ${action}: unexpected argument "${id}".`);
  const origins = ([] as unknown[]).concat(flags['origin'] ?? []).filter((o): o is string => typeof o === 'string');
  if (origins.length > 0 && (action !== 'create' || flags['kind'] !== 'write')) throw new UsageError('--origin applies to keys create --kind write.');
  for (const origin of origins) if (!/^https?:\/\/[^/]+$/.test(origin)) throw new UsageError(`--origin ${origin}: expected an origin such as https://www.example.fr (no path).`);
  const { server } = await openServer(io, flags);
  try {
    if (action === 'list') {
      const keys = await server.app.listKeys();
      printTable(io, [
        ['id', 'kind', 'prefix', 'label', 'origins', 'created', 'revoked'],
        ...keys.map((k) => [k.id, k.kind, `${k.prefix}…`, k.label, k.allowedOrigins.join(' ') || '*', new Date(k.createdAt).toISOString().slice(0, 10), k.revokedAt ? new Date(k.revokedAt).toISOString().slice(0, 10) : '']),
      ]);
      return EXIT.ok;
    }
    if (action === 'create') {
      const created = await server.app.createKey(flags['kind'] as 'write' | 'admin', { label: flags['label'] as string, allowedOrigins: origins });
      io.stdout.write(`created ${created.key.kind} key ${created.key.id}\nsecret (shown once): ${created.secret}\n`);
      return EXIT.ok;
    }
    const revoked = await server.app.revokeKey(id!);
    if (!revoked.ok) {
      io.stderr.write(`${revoked.error.message}\n`);
      return EXIT.usage;
    }
    io.stdout.write(`revoked ${id}\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
