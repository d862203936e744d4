import type { Message, Sender } from './sender.ts';

/**
 * Every email signs off with the product's name (APP_NAME) and address, so a person can tell
 * which site wrote and where to go; the sender's name is APP_NAME too (MAIL_FROM's default).
 * Subjects stay as written: they are what mail filters and the outbox are searched by. Texts are
 * written whole where they are sent (they carry the WebOTP line), so they pass through unchanged.
 */
export function brandedSender(appName: string, publicOrigin: string, inner: Sender): Sender {
  return {
    send(message: Message): Promise<void> {
      if (message.channel !== 'email') return inner.send(message);
      return inner.send({ ...message, body: `${message.body}\n\n— ${appName}\n${publicOrigin}` });
    },
  };
}
