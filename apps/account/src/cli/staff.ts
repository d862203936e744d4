// npm run staff -- grant <username> | revoke <username>
// Against whichever database the account service is configured for (DATABASE_URL, or the
// development SQLite file).
import { createAccountDb, migrateDatabase } from '@recovery/db';
import { ConfigError, loadConfig } from '../config.ts';
import { setStaffRole } from '../staff/setStaffRole.ts';

const [action, username] = process.argv.slice(2);
if ((action !== 'grant' && action !== 'revoke') || !username) {
  console.error('Usage: npm run staff -- grant <username> | revoke <username>');
  process.exit(2);
}

// The service's own configuration (in production: `node --env-file=account.env …`, whose
// NODE_ENV=production the example file sets); a refused one is its one line, not a stack trace.
let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`staff: ${error.message}`);
  process.exit(1);
}
await migrateDatabase('account', config.databaseUrl);
const db = createAccountDb(config.databaseUrl);
try {
  await setStaffRole(db, username, action === 'grant');
  console.log(action === 'grant' ? `${username} is now support staff.` : `${username} is no longer support staff; their sessions were ended.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
