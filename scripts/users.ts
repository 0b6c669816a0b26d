import readline from 'node:readline';
import { ROLES, type Role } from '../server/src/lib/db/schema';
import { changeUserByEmail, createUser, listUsers } from '../server/src/users/service';
import { UsageError, withCliDatabase, parseCommandLine, runCli } from './cli';

const USAGE = `Usage: npm run users -- <command> [options]

Commands:
  create --email <address> --role <role> [--name <name>] [--password-stdin]
                              make an account (the first admin of a fresh install is made this way);
                              the password is asked for, or read from standard input with --password-stdin
  list [--role <role>] [--search <text>]
  set-role --email <address> --role <role>
  disable --email <address>   sign the account out everywhere and refuse its sign-ins
  enable --email <address>

Roles: ${ROLES.join(', ')}`;

const options = {
  email: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  search: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function role(value: string | undefined): Role {
  if (!value || !(ROLES as readonly string[]).includes(value))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
  return value as Role;
}

function email(value: string | undefined): string {
  if (!value || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
    throw new UsageError('--email must be an address such as name@example.org.');
  return value;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide what is typed: echo nothing after the prompt.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.startsWith('Password')) process.stderr.write(s);
  };
  const password = await new Promise<string>((resolve) => rl.question('Password (at least 10 characters): ', resolve));
  rl.close();
  process.stderr.write('\n');
  return password;
}

runCli(async () => {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), options, USAGE, 1);
  const [command] = positionals;
  return withCliDatabase(async (database) => {
    const db = database.db;
    switch (command) {
      case 'create': {
        const address = email(values.email);
        const user = await createUser(db, {
          email: address,
          role: role(values.role),
          displayName: values.name,
          password: await readPassword(values['password-stdin']),
        });
        console.log(`Created ${user.email} (${user.role}), id ${user.id}.`);
        return 0;
      }
      case 'list': {
        const result = await listUsers(db, {
          q: values.search,
          role: values.role ? role(values.role) : undefined,
          page: 1,
        });
        for (const u of result.users)
          console.log(
            `${u.email ?? '(deleted)'}\t${u.role}\t${u.disabledAt ? 'disabled' : 'active'}\t${u.displayName ?? ''}`,
          );
        console.log(
          `${result.total} user(s)${result.total > result.users.length ? `, first ${result.users.length} shown` : ''}.`,
        );
        return 0;
      }
      case 'set-role': {
        const user = await changeUserByEmail(db, email(values.email), { role: role(values.role) });
        console.log(`${user.email} is now ${user.role}.`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = await changeUserByEmail(db, email(values.email), { disabled: command === 'disable' });
        console.log(`${user.email} is ${user.disabled ? 'disabled' : 'enabled'}.`);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  });
});
