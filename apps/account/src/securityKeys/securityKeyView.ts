import type { PasskeyView, SecurityKeyView } from '@recovery/core/api/index';
import type { SecurityKey } from '@recovery/db';

export function passkeyView(key: SecurityKey): PasskeyView {
  return { id: key.id, nickname: key.nickname, createdAt: key.createdAt.toISOString(), lastUsedAt: key.lastUsedAt?.toISOString() ?? null };
}

/**
 * Upgradable: registered as a discoverable credential (credProps.rk) with user verification, so
 * the authenticator already holds what a passkey is; one user-verified assertion proves it still
 * does. A key registered without them cannot be turned into one (WebAuthn cannot convert a
 * credential), so it is not offered the upgrade.
 */
export function securityKeyView(key: SecurityKey): SecurityKeyView {
  return { ...passkeyView(key), upgradable: key.kind === 'security_key' && key.discoverable === true && key.userVerified };
}
