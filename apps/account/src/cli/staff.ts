// npm run staff -- grant <username> | revoke <username>
// Against whichever database the account service is configured for (DATABASE_URL, or the
// development SQLite file).
import { createAccountDb, migrateDatabase } from '@recovery/db';
import { loadConfig } from '../config.ts';
import { setStaffRole } from '../staff/setStaffRole.ts';

const [action, username] = process.argv.slice(2);
if ((action !== 'grant' && action !== 'revoke') || !username) {
  console.error('Usage: npm run staff -- grant <username> | revoke <username>');
  process.exit(2);
}

const config = loadConfig();
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
