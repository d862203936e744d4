/** The decoded size of a base64 or base64url string, from its length alone (no decoding). */
export function base64DecodedSize(value: string): number {
  const unpadded = value.replace(/=+$/, '');
  return Math.floor((unpadded.length * 3) / 4);
}

/** The longest base64 text (padded) that can carry `bytes` bytes. */
export function base64LengthFor(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
