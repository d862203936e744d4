export * from './token/index.ts';
export * from './errors.ts';
export * from './securityEvents.ts';
export * from './api/index.ts';
export * from './ids.ts';
export * from './recoveryCodes.ts';
export * from './smsCountries.ts';
