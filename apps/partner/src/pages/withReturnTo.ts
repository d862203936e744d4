/** A link to an account page that carries the flow to continue afterwards (see safeReturnTo). */
export function withReturnTo(path: string, returnTo: string | undefined): string {
  return returnTo ? `${path}?${new URLSearchParams({ return_to: returnTo }).toString()}` : path;
}
