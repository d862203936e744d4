export { createApp, createContext } from './createApp.ts';
export type { PartnerApp, PartnerDependencies } from './createApp.ts';
export { ConfigError, DEVELOPMENT_ACCOUNT_CLIENT_SECRET, loadConfig } from './config.ts';
export type { PartnerConfig } from './config.ts';
export type { PartnerContext } from './context.ts';
export { demoPartnerAccounts, seedDemo } from './seedDemo.ts';
export type { DemoPartnerAccount } from './seedDemo.ts';
