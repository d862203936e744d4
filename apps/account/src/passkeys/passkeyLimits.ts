import { limitAddress } from '@recovery/http';

/**
 * The counter a failed passkey sign-in counts on: the client address only, with the 2FA step's
 * per-address policy (20 failures per 15 minutes) under a key of its own. Never a per-account
 * counter: before the passkey answers nobody is identified, and a stranger cannot make a valid
 * assertion for the owner's credential, so counting failures against the account a credential
 * names would only let anyone who knows a credential id lock its owner out.
 */
export function passkeyAddressKey(ip: string): string {
  return `passkey:ip:${limitAddress(ip)}`;
}
