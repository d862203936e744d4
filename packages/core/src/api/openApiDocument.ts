import { z } from 'zod';
import type { Operation } from './operation.ts';
import { errorResponse } from './errors.ts';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** `/api/x/:id` → `/api/x/{id}` */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(operation: Operation): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [location, schema] of [
    ['query', operation.query],
    ['path', operation.params],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      parameters.push({ name, in: location, required: location === 'path' || required.has(name), schema: property });
    }
  }
  return parameters;
}

/** An OpenAPI 3.1 document generated from the same zod schemas the server validates with. */
export function openApiDocument(info: { title: string; version: string }, operations: readonly Operation[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorContent = { 'application/json': { schema: schemaOf(errorResponse, 'output') } };
  for (const operation of operations) {
    const status = String(operation.status ?? (operation.response || operation.produces ? 200 : 204));
    const responses: Record<string, JsonSchema> = {
      [status]: {
        description: 'Success',
        ...(operation.response
          ? { content: { 'application/json': { schema: schemaOf(operation.response, 'output') } } }
          : operation.produces
            ? { content: Object.fromEntries(operation.produces.map((type) => [type, {}])) }
            : {}),
      },
      '4XX': { description: 'The request was refused; nothing changed', content: errorContent },
    };
    const entry: JsonSchema = {
      operationId: operation.id,
      summary: operation.summary,
      'x-access': operation.access,
      parameters: parametersOf(operation),
      responses,
    };
    if (operation.body) {
      entry.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(operation.body, 'input') } } };
    }
    const path = openApiPath(operation.path);
    paths[path] = { ...paths[path], [operation.method]: entry };
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'sid' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
      },
    },
    paths,
  };
}
