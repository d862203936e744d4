import { ApiError } from '../api/ApiError.ts';
import { assignLocation } from './assignLocation.ts';

/**
 * Sends the browser to the partner's authorization page. Only http(s) addresses are followed,
 * so a response outside the contract can never run script (a `javascript:` URL) in this page.
 */
export function followAuthorizationUrl(url: string): void {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    throw new ApiError(0, 'invalid_response', 'The partner address is not valid.');
  }
  assignLocation(parsed.href);
}
