import { describe, expect, it } from 'vitest';
import { accountOperations } from './accountOperations.ts';
import { openApiDocument } from './openApiDocument.ts';

describe('openApiDocument', () => {
  const doc = openApiDocument({ title: 'Account', version: '1' }, Object.values(accountOperations)) as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; parameters: { name: string }[]; responses: Record<string, unknown> }>>;
  };

  it('describes every operation once, under its method and path', () => {
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(ids.sort()).toEqual(Object.keys(accountOperations).sort());
    expect(doc.openapi).toBe('3.1.0');
  });

  it('carries request bodies and query parameters from the zod schemas', () => {
    const signUp = doc.paths['/api/auth/sign-up']?.post;
    expect(JSON.stringify(signUp?.requestBody)).toContain('"username"');
    expect(signUp?.responses['201']).toBeDefined();
    expect(doc.paths['/api/security-log']?.get?.parameters.map((p) => p.name).sort()).toEqual(['cursor', 'limit']);
  });

  it('documents the error shape for refusals', () => {
    expect(JSON.stringify(doc.paths['/api/auth/sign-in']?.post?.responses['4XX'])).toContain('"code"');
  });
});
