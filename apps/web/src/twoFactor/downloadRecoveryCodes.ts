import { recoveryCodesFile, recoveryCodesFileName, type RecoveryCodesFileHeader } from '@recovery/core/recoveryCodes';

/**
 * Saves the codes as a text file without a round trip: the page already holds them, and a
 * server download would need the codes in a URL or a second sudo check.
 */
export function downloadRecoveryCodes(codes: readonly string[], header: RecoveryCodesFileHeader): string {
  const fileName = recoveryCodesFileName(header.siteName);
  const blob = new Blob([recoveryCodesFile(codes, header)], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Some browsers read the blob after click() returns; revoking a little later frees it safely.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return fileName;
}
