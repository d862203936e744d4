import { useState } from 'react';
import type { SecurityKeyView } from '@recovery/core/api/index';
import { passkeyUpgradeOptions } from '../api/passkeyUpgradeOptions.ts';
import { upgradeToPasskey } from '../api/upgradeToPasskey.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { getSecurityKeyAssertion } from '../webAuthn/getSecurityKeyAssertion.ts';
import { passkeyErrorMessage } from './passkeyErrorMessage.ts';
import { announcePasskeysChanged } from './passkeysChanged.ts';

export interface UpgradeToPasskeyButtonProps {
  securityKey: SecurityKeyView;
  /** The id of the key's nickname, so the button says which key it upgrades. */
  describedBy: string;
  disabled: boolean;
  onUpgraded(): void;
  onError(message: string | null): void;
}

/**
 * "Upgrade to passkey", offered only for a key registered as a discoverable credential with user
 * verification: the key verifies its user once more (PIN or biometrics) and becomes a passkey.
 */
export function UpgradeToPasskeyButton({ securityKey, describedBy, disabled, onUpgraded, onError }: UpgradeToPasskeyButtonProps) {
  const { runWithSudo } = useSudo();
  const [busy, setBusy] = useState(false);

  async function handleClick() {
    setBusy(true);
    onError(null);
    try {
      await runWithSudo(async () => upgradeToPasskey(securityKey.id, await getSecurityKeyAssertion(await passkeyUpgradeOptions(securityKey.id))));
      announcePasskeysChanged();
      onUpgraded();
    } catch (cause) {
      onError(passkeyErrorMessage(cause));
      setBusy(false);
    }
  }

  return (
    <button type="button" onClick={handleClick} aria-describedby={describedBy} disabled={disabled || busy}>
      Upgrade to passkey
    </button>
  );
}
