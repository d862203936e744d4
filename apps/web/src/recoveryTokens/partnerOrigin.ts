/** The partner's origin as users should see it ("http://localhost:4000"), from its configured URL. */
export function partnerOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
