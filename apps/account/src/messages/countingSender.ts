import type { ServiceMetrics } from '@recovery/http';
import type { Message, Sender } from './sender.ts';

/** Counts each email and text once its transport took it (`messages_sent_total{channel}`). */
export function countingSender(inner: Sender, metrics: ServiceMetrics): Sender {
  return {
    async send(message: Message): Promise<void> {
      await inner.send(message);
      metrics.messagesSent.inc({ channel: message.channel });
    },
  };
}
