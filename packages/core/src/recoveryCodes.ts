/** GitHub's recovery codes: 16 single-use codes of ten lowercase hex digits, shown as xxxxx-xxxxx. */
export const RECOVERY_CODE_COUNT = 16;
const hexDigits = 10;

/** One code from the platform CSPRNG (40 bits; guessing is bounded by the attempt limits). */
export function generateRecoveryCode(): string {
  const bytes = new Uint8Array(hexDigits / 2);
  globalThis.crypto.getRandomValues(bytes);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 5)}-${hex.slice(5)}`;
}

/** A full set, without repeats. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/**
 * What a person typed, in canonical form (ten lowercase hex digits), or null when it cannot be
 * a recovery code. Case, surrounding spaces, and the hyphen (or a space in its place) are
 * forgiven; anything else is not.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.trim().toLowerCase().replace(/^([0-9a-f]{5})[-\s]?([0-9a-f]{5})$/, '$1$2');
  return /^[0-9a-f]{10}$/.test(compact) ? compact : null;
}

export function formatRecoveryCode(normalised: string): string {
  return `${normalised.slice(0, 5)}-${normalised.slice(5)}`;
}

/** Who the codes belong to, at the top of the file: the site (name and URL), the account, the date. */
export interface RecoveryCodesFileHeader {
  siteName: string;
  siteUrl: string;
  account: string;
  /** When the codes were generated, as the file should show it (a calendar date). */
  date: string;
}

/** The download: a header saying whose codes they are, then one code per line. */
export function recoveryCodesFile(codes: readonly string[], header: RecoveryCodesFileHeader): string {
  const lines = [
    `${header.siteName} recovery codes`,
    `Site: ${header.siteName} (${header.siteUrl})`,
    `Account: @${header.account}`,
    `Generated: ${header.date}`,
    '',
    'Each code works once. Keep them somewhere safe, away from your phone.',
    '',
    ...codes,
  ];
  return lines.join('\n') + '\n';
}

/** `<app-name>-recovery-codes.txt`, as GitHub's `github-recovery-codes.txt`. */
export function recoveryCodesFileName(appName: string): string {
  const slug = appName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug === '' ? 'account' : slug}-recovery-codes.txt`;
}
