import { expect, type APIRequestContext } from '@playwright/test';

interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  body: string;
  createdAt: string;
}

/**
 * The newest SMS to `to` in the development outbox, waiting until it is not `previousId`, and
 * the 6-digit code it starts with.
 */
export async function latestSms(request: APIRequestContext, accountUrl: string, to: string, previousId?: string): Promise<{ id: string; code: string }> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(`${accountUrl}/dev/outbox?format=json`);
      const { messages } = (await response.json()) as { messages: OutboxMessage[] };
      found = messages.find((message) => message.channel === 'sms' && message.to === to);
      return found !== undefined && found.id !== previousId;
    })
    .toBe(true);
  const code = /^(\d{6})/.exec(found?.body ?? '')?.[1];
  if (!found || !code) throw new Error(`No code in the SMS to ${to}`);
  return { id: found.id, code };
}
