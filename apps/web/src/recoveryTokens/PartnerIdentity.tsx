import type { PublishedPartner } from '../api/RecoveryTokenList.ts';

/**
 * The partner as its configuration document presents itself, beside "Connect with <origin>":
 * its icon and its name, so people see whom they are about to trust as well as where they go.
 */
export function PartnerIdentity({ partner }: { partner: PublishedPartner }) {
  return (
    <span className="partner-identity">
      {partner.iconUrl ? <img src={partner.iconUrl} alt="" width={32} height={32} /> : null}
      <span>{partner.name}</span>
    </span>
  );
}
