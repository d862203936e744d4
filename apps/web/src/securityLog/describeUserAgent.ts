import Bowser from 'bowser';

/**
 * A user-agent string as people read it ("Chrome on Linux", "Safari on iOS"), by bowser's parser.
 * Null when the string names neither a browser nor a system (scripts, empty, made up): the raw
 * string is then shown on its own.
 */
export function describeUserAgent(userAgent: string | null): string | null {
  if (!userAgent || userAgent.trim() === '') return null;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(userAgent);
  } catch {
    return null;
  }
  const browser = parsed.browser.name?.trim() ?? '';
  const system = parsed.os.name?.trim() ?? '';
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || null;
}
