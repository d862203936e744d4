import type { AccountDb } from '@recovery/db';
import type { AccountConfig } from '../config.ts';
import { ChannelRouter } from './channelRouter.ts';
import { OutboxSender } from './outboxSender.ts';
import type { Sender } from './sender.ts';
import { SmtpSender } from './smtpSender.ts';
import { HttpSmsGateway } from './httpSmsGateway.ts';

export function createSender(config: AccountConfig, db: AccountDb): Sender {
  const outbox = new OutboxSender(db);
  return new ChannelRouter({
    email: config.smtpUrl ? new SmtpSender(config.smtpUrl, config.mailFrom) : outbox,
    sms: config.smsGateway ? new HttpSmsGateway(config.smsGateway.url, config.smsGateway.token) : outbox,
  });
}
