import { LRS_SCOPES, type LrsScope } from '../server/src/lib/db/schema';
import { createCredential, listCredentials, revokeCredential } from '../server/src/xapi/service';
import { ShowUsage, UsageError, withCliDatabase, parseCommandLine, runCli } from './cli';

const USAGE = `Usage: npm run lrs -- credentials <command> [options]

Commands:
  create --label <name> --scope <scope> [--scope <scope> …]
                         make a key and secret for an external xAPI tool (the secret is shown once)
  list                   show every credential, its scopes and whether it is revoked
  revoke --key <key>     stop a credential from working

Scopes: ${LRS_SCOPES.join(', ')}`;

runCli(async () => {
  const { values, positionals } = parseCommandLine(
    process.argv.slice(2),
    {
      label: { type: 'string' },
      scope: { type: 'string', multiple: true },
      key: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    USAGE,
    2,
  );
  const [group, command] = positionals;
  if (group !== 'credentials') throw new ShowUsage(USAGE, 2);
  const scopes = values.scope ?? [];
  const wrong = scopes.filter((s) => !(LRS_SCOPES as readonly string[]).includes(s));
  if (wrong.length) throw new UsageError(`Unknown scope ${wrong.join(', ')}; scopes are ${LRS_SCOPES.join(', ')}.`);
  return withCliDatabase(async (database) => {
    switch (command) {
      case 'create': {
        if (!values.label?.trim()) throw new UsageError('--label is required: say which tool or city the key is for.');
        if (!scopes.length) throw new UsageError(`Give at least one --scope (${LRS_SCOPES.join(', ')}).`);
        const c = await createCredential(database.db, values.label.trim(), scopes as LrsScope[]);
        console.log(
          `key:    ${c.key}\nsecret: ${c.secret}\nscopes: ${c.scopes.join(' ')}\nKeep the secret now: it is not shown again.`,
        );
        return 0;
      }
      case 'list':
        for (const c of await listCredentials(database.db))
          console.log(`${c.key}\t${c.revokedAt ? 'revoked' : 'active'}\t${c.scopes.join(' ')}\t${c.label}`);
        return 0;
      case 'revoke':
        if (!values.key) throw new UsageError('--key is required.');
        await revokeCredential(database.db, values.key);
        console.log(`${values.key} is revoked.`);
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  });
});
