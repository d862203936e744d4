import type { Message, Sender } from './sender.ts';

/**
 * Texts through an HTTP SMS gateway: POST {to, body} as JSON with a bearer token. Redirects are
 * not followed and a slow gateway times out, so a misconfigured gateway cannot hang a sign-in.
 */
export class HttpSmsGateway implements Sender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(message: Message): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { 'Content-Type': 'application/json', ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to: message.to, body: message.body }),
    });
    if (res.status < 200 || res.status >= 300) throw new Error(`SMS gateway answered ${res.status}`);
  }
}
