/** What each check of a verification report establishes, in support staff's words. */
const labels: Record<string, string> = {
  decodes: 'Reads as a countersigned token',
  known_partner: 'Countersigned by our partner',
  countersignature: "Partner's signature is valid",
  audience: 'Countersigned for this service',
  issuer_binding: 'Inner token addressed to the countersigner',
  countersignature_fresh: 'Countersignature is recent',
  token_binding: 'No unsolicited token binding',
  token_signature: 'Our signature on the token is valid',
  token_issuer: 'Token issued by this service',
  token_known: 'Token issued by us',
  token_confirmed: 'Token was confirmed by the partner',
  not_recovered_before: 'Token not used before',
  token_owner: 'Token belongs to the account',
  partner_subject: 'Same account at the partner',
  password: 'Password entered correctly',
  email_verified: "Account's email address verified",
  verified_device: 'From a verified device',
};

/** A check's label; a check this page does not know yet is shown by its name. */
export function checkLabel(check: string): string {
  return labels[check] ?? check;
}
