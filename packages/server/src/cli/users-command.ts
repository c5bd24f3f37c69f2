import { USER_ROLES, isUserRole, type DomainError } from '@leadpulse/core';
import { EXIT, UsageError, printTable, readStdin, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';

export const USERS_HELP = `Usage:
  leadpulse users list
  leadpulse users add <email> --role admin|marketer|sales [--name "Ana Martin"] [--password-stdin]
  leadpulse users remove <email>
  leadpulse users set-role <email> admin|marketer|sales
  leadpulse users reset-password <email> [--password-stdin]

Dashboard users sign in with their email and password. Roles: admin (everything), marketer (everything but
users and keys), sales (reads contacts and reports). Without --password-stdin a password is generated and
printed once; only its scrypt hash is stored. A new password signs the user out everywhere. The last admin
cannot be removed or given another role. The store is the configured one (--data-dir, --database-url or LEADPULSE_*).`;

const ACTIONS: Record<string, number> = { list: 0, add: 1, remove: 1, 'set-role': 2, 'reset-password': 1 };

function checkUsage(positionals: string[], flags: CliFlags): void {
  const [action, ...args] = positionals;
  if (action === undefined || !(action in ACTIONS)) throw new UsageError(USERS_HELP);
  if (args.length !== ACTIONS[action]) throw new UsageError(`users ${action}: expected ${ACTIONS[action] === 0 ? 'no argument' : `${ACTIONS[action]} argument(s)`}.\n\n${USERS_HELP}`);
  if (action === 'add' && !isUserRole(flags['role'])) throw new UsageError(`users add needs --role ${USER_ROLES.join('|')}.`);
  if (action === 'set-role' && !isUserRole(args[1])) throw new UsageError(`users set-role: the role must be one of ${USER_ROLES.join(', ')}, got "${args[1]}".`);
  if (action !== 'add' && (flags['role'] !== undefined || flags['name'] !== undefined)) throw new UsageError('--role and --name apply to users add.');
  if (flags['password-stdin'] && action !== 'add' && action !== 'reset-password') throw new UsageError('--password-stdin applies to users add and users reset-password.');
}

/** Refusals the operator can fix (unknown user, taken email, short password) exit 2; keeping the last admin exits 1. */
function refuse(io: CliIo, error: DomainError): number {
  io.stderr.write(`${error.message}\n`);
  return error.code === 'last_admin' ? EXIT.failure : EXIT.usage;
}

export async function usersCommand(io: CliIo, positionals: string[], flags: CliFlags): Promise<number> {
  checkUsage(positionals, flags);
  const [action, email, role] = positionals as [string, string, string];
  // Read before opening the store, so a missing stdin fails fast.
  const password = flags['password-stdin'] ? await readStdin(io) : undefined;
  // --role here is the user's role, not the process role (LEADPULSE_ROLE) that serve's --role sets.
  const { server } = await openServer(io, { ...flags, role: undefined });
  try {
    const users = server.app.users;
    if (action === 'list') {
      const all = await users.listUsers();
      printTable(io, [
        ['email', 'role', 'name', 'created', 'disabled'],
        ...all.map((u) => [u.email, u.role, u.name ?? '', new Date(u.createdAt).toISOString().slice(0, 10), u.disabledAt ? new Date(u.disabledAt).toISOString().slice(0, 10) : '']),
      ]);
      return EXIT.ok;
    }
    if (action === 'add' || action === 'reset-password') {
      const done =
        action === 'add'
          ? await users.addUser({ email, role: flags['role'] as never, name: typeof flags['name'] === 'string' ? flags['name'] : null, password })
          : await users.resetPassword(email, password);
      if (!done.ok) return refuse(io, done.error);
      const { user, password: generated } = done.value;
      io.stdout.write(action === 'add' ? `added ${user.email} (${user.role})\n` : `new password set for ${user.email}; their sessions were ended\n`);
      if (generated) io.stdout.write(`password (shown once): ${generated}\n`);
      return EXIT.ok;
    }
    const done = action === 'remove' ? await users.removeUser(email) : await users.updateUser(email, { role: role as never });
    if (!done.ok) return refuse(io, done.error);
    io.stdout.write(action === 'remove' ? `removed ${email}\n` : `${email} is now ${role}\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
