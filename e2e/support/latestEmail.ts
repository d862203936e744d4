import { expect, type APIRequestContext } from '@playwright/test';

interface OutboxMessage {
  id: string;
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  body: string;
  createdAt: string;
}

/** The newest email to `to` with this subject in the development outbox, waiting until it arrives. */
export async function latestEmail(request: APIRequestContext, accountUrl: string, to: string, subject: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(async () => {
      const response = await request.get(`${accountUrl}/dev/outbox?format=json&to=${encodeURIComponent(to)}`);
      const { messages } = (await response.json()) as { messages: OutboxMessage[] };
      found = messages.find((message) => message.channel === 'email' && message.to === to && message.subject === subject);
      return found !== undefined;
    })
    .toBe(true);
  if (!found) throw new Error(`No email "${subject}" to ${to}`);
  return found;
}
