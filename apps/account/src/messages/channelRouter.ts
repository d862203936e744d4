import type { Channel, Message, Sender } from './sender.ts';

/** Sends each message through the transport configured for its channel. */
export class ChannelRouter implements Sender {
  constructor(private readonly byChannel: Record<Channel, Sender>) {}

  send(message: Message): Promise<void> {
    return this.byChannel[message.channel].send(message);
  }
}
