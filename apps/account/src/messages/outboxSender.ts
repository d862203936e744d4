import type { AccountDb } from '@recovery/db';
import { newId } from '@recovery/core/ids';
import type { Message, Sender } from './sender.ts';

/** Development and tests: messages are kept in the database and shown at /dev/outbox. */
export class OutboxSender implements Sender {
  constructor(private readonly db: AccountDb) {}

  async send(message: Message): Promise<void> {
    await this.db.outboxMessage.create({
      data: { id: newId(), channel: message.channel, recipient: message.to, subject: message.subject, body: message.body },
    });
  }
}
