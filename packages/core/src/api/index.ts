export * from './accountOperations.ts';
export * from './auth.ts';
export * from './errors.ts';
export * from './fields.ts';
export * from './openApiDocument.ts';
export * from './operation.ts';
export * from './securityLog.ts';
export * from './twoFactor.ts';
