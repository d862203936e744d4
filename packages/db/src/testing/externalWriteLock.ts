import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Another process holding SQLite's write lock on a database file until `release`. */
export interface ExternalWriteLock {
  release(): Promise<void>;
}

const holder = `
const Database = require('better-sqlite3');
const db = new Database(process.env.LOCKED_FILE);
db.prepare('BEGIN IMMEDIATE').run();
process.stdout.write('locked\\n');
process.stdin.once('data', () => {
  db.prepare('ROLLBACK').run();
  db.close();
  process.exit(0);
});
`;

/** Starts a child process (better-sqlite3, as another instance of a service would be) that takes the write lock. */
export async function holdWriteLock(file: string): Promise<ExternalWriteLock> {
  const child = spawn(process.execPath, ['-e', holder], { cwd: import.meta.dirname, env: { ...process.env, LOCKED_FILE: file }, stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const [first] = (await once(child.stdout, 'data')) as [string];
  if (!first.startsWith('locked')) throw new Error(`the lock holder said ${first}`);
  return {
    async release() {
      const exited = once(child, 'exit');
      child.stdin.end('release\n');
      await exited;
    },
  };
}
