import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { ErrorRegistry, SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);
let initialised = false;

// @types/node 20 does not declare the WebAssembly global; these are the parts used here.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The package's entry imports its .wasm as an ES module, which Node 20 refuses without a flag,
 * so the bytes are instantiated here and handed to the generated bindings.
 */
function initialiseWasm(): void {
  if (initialised) return;
  // The .wasm file is not in the package's exports map, so find it beside the bindings.
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const module = new wasmApi.Module(readFileSync(wasmPath));
  const instance = new wasmApi.Instance(module, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  initialised = true;
}

/**
 * The engine reports an error thrown in JavaScript by the driver (a pg connection timeout, say)
 * only as "External error id#N"; the error itself waits in the binder's registry.
 */
function explainExternal(error: unknown, registry: ErrorRegistry): unknown {
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  return original instanceof Error ? original : error;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** The driver's own error behind an engine error, when there is one. */
  explain(error: unknown): unknown;
  /** Frees the engine and closes every connection it opened (freeing alone leaves them open). */
  close(): Promise<void>;
}

/**
 * Opens Prisma's schema engine (the WebAssembly build) over a migration-aware driver adapter.
 * The engine never closes the connections it asks for, and an open SQLite connection keeps its
 * lock, so every connection is tracked here and disposed by `close`.
 */
export async function openSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  datamodel: { path: string; content: string },
): Promise<OpenSchemaEngine> {
  initialiseWasm();
  const opened: SqlDriverAdapter[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    async connect() {
      const adapter = await adapterFactory.connect();
      opened.push(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const adapter = await adapterFactory.connectToShadowDb();
      opened.push(adapter);
      return adapter;
    },
  };
  const bound = bindMigrationAwareSqlAdapterFactory(tracking);
  const explain = (error: unknown): unknown => explainExternal(error, bound.errorRegistry);
  let engine: SchemaEngine;
  try {
    engine = await bindings.SchemaEngine.new({ datamodels: [[datamodel.path, datamodel.content]] }, () => {}, bound);
  } catch (error) {
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    throw explain(error);
  }
  return {
    engine,
    explain,
    async close() {
      engine.free();
      await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    },
  };
}
