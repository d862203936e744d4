import { ConfirmPanel } from '../layout/ConfirmPanel.tsx';
import type { PublishedPartner } from '../api/RecoveryTokenList.ts';
import { PartnerIdentity } from './PartnerIdentity.tsx';
import { partnerOrigin } from './partnerOrigin.ts';

export interface StoreTokenExplainerProps {
  partner: PublishedPartner;
  busy: boolean;
  error: string | null;
  onConnect(): void;
  onCancel(): void;
}

/** What "Store new token" will do, before the browser leaves for the partner. */
export function StoreTokenExplainer({ partner, busy, error, onConnect, onCancel }: StoreTokenExplainerProps) {
  const origin = partnerOrigin(partner.url);
  return (
    <ConfirmPanel
      title={`Store a recovery token with ${partner.name}`}
      confirmLabel={`Connect with ${origin}`}
      beside={<PartnerIdentity partner={partner} />}
      busy={busy}
      error={error}
      onConfirm={onConnect}
      onCancel={onCancel}
    >
      <p>
        You will go to {partner.name} at {origin}, sign in or create an account there, and confirm with “Save as” and your name there. Then you come
        back here.
      </p>
      <ul className="explainer-list">
        <li>A recovery token that only this service can read is stored with {partner.name}. It is signed by us and its contents are encrypted.</li>
        <li>{partner.name} never learns your username or your email address here. We only learn an anonymous identifier for your account there.</li>
        <li>You can delete the token here at any time; a deleted token can never recover your account.</li>
      </ul>
      <p>
        If you ever lose your authenticator app, your security keys and your recovery codes, you can sign in at {partner.name} to vouch for you.
        Our support team reviews every such request before two-factor authentication is removed.
      </p>
    </ConfirmPanel>
  );
}
