import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError.ts';
import { notAllowed } from '../test/webAuthnFakes.ts';
import { createSecurityKeyCredential } from './createSecurityKeyCredential.ts';
import { securityKeyErrorMessage } from './securityKeyErrorMessage.ts';

vi.mock('@simplewebauthn/browser', () => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));

describe('securityKeyErrorMessage', () => {
  it('turns browser WebAuthn errors into advice', () => {
    expect(securityKeyErrorMessage(notAllowed())).toBe('The security key did not respond or the request was cancelled.');
    const duplicate = new Error('The authenticator was previously registered');
    duplicate.name = 'InvalidStateError';
    expect(securityKeyErrorMessage(duplicate)).toBe('This security key is already registered.');
    expect(securityKeyErrorMessage(new Error('WebAuthn is not supported in this browser'))).toBe('This browser cannot use security keys.');
    expect(securityKeyErrorMessage('???')).toBe('The security key could not be used. Try again.');
  });

  it('passes the service’s own messages through', () => {
    expect(securityKeyErrorMessage(new ApiError(400, 'invalid_code', 'The security key could not be verified'))).toBe(
      'The security key could not be verified',
    );
  });
});

describe('createSecurityKeyCredential', () => {
  it('refuses options without a challenge before calling the browser', async () => {
    await expect(createSecurityKeyCredential({ rp: { name: 'x' } })).rejects.toThrow(/does not understand/);
  });
});
