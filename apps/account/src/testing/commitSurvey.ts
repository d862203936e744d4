import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync } from 'node:fs';
import express from 'express';
import type { Express } from 'express';
import { sqlDriverOf } from '@recovery/db';

interface RequestCount {
  commits: number;
  pending: string[];
  statements: string[];
}

const current = new AsyncLocalStorage<RequestCount>();

/**
 * A diagnostic for the rule "one unit of work per request" (a request commits at most twice):
 * with COMMIT_SURVEY_FILE set, every test request that commits more than twice appends a JSON
 * line there (route, status, commits, statements). A commit of outbox rows only (an email) and
 * a session's touch are not outcomes, so they are not counted. Off by default.
 */
export function surveyCommits(inner: Express, db: object, provider: string): Express {
  const file = process.env.COMMIT_SURVEY_FILE;
  if (!file) return inner;
  sqlDriverOf(db).observe({
    statement: (sql) => {
      const count = current.getStore();
      count?.pending.push(sql);
      count?.statements.push(sql.slice(0, 100).replace(/\s+/g, ' '));
    },
    commit: () => {
      const count = current.getStore();
      if (!count) return;
      const writes = count.pending.filter((sql) => !/^\s*SELECT\b/i.test(sql));
      if (writes.length === 0 || !writes.every((sql) => /OutboxMessage|^UPDATE "Session" SET "lastSeenAt"/.test(sql))) count.commits += 1;
      count.pending = [];
    },
  });
  const outer = express();
  outer.use((req, res, next) => {
    const count: RequestCount = { commits: 0, pending: [], statements: [] };
    res.on('finish', () => {
      if (count.commits <= 2) return;
      appendFileSync(file, `${JSON.stringify({ provider, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, commits: count.commits, statements: count.statements })}\n`);
    });
    current.run(count, () => inner(req, res, next));
  });
  return outer;
}
