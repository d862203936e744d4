export { createAccountDb } from './accountDb.ts';
export type { AccountDb, User, Session, SecurityEvent, KnownDevice, OutboxMessage, RateLimit, TwoFactor, RecoveryCode, PendingSignIn, SecurityKey, WebAuthnChallenge, FallbackSms, SmsCode, RecoveryToken, OAuthFlow, RecoveryRequest, PasswordReset } from './accountDb.ts';
export { createPartnerDb } from './partnerDb.ts';
export type { PartnerDb, PartnerUser, PartnerSession, PartnerRateLimit, OidcPayload, SavedRecoveryToken, RecoveryTokenPick } from './partnerDb.ts';
export { migrateDatabase } from './migrate.ts';
export { createScratchDatabase } from './scratchDatabase.ts';
export type { ScratchDatabase } from './scratchDatabase.ts';
export { providerForUrl, redactUrl } from './schemaSources.ts';
export type { Provider, Service } from './schemaSources.ts';
