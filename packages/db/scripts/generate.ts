// Writes the composed schemas and generates the Prisma clients for every service and provider.
// `prisma generate` insists that a schema-engine binary exists but never runs it; Prisma's
// download of that binary is unreachable here, so point it at a harmless executable.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { composeSchema, providers, schemaPath, services } from '../src/schemaSources.ts';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const engineStandIn = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync('/bin/true') ? '/bin/true' : process.execPath);

for (const service of services) {
  for (const provider of providers) {
    const file = schemaPath(service, provider);
    const text = composeSchema(service, provider);
    mkdirSync(path.dirname(file), { recursive: true });
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', file], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: engineStandIn, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    });
    console.log(`generated ${service}-${provider}`);
  }
}
