export type Channel = 'email' | 'sms';

export interface Message {
  channel: Channel;
  /** An email address or an E.164 phone number. */
  to: string;
  subject: string;
  body: string;
}

/** The one way messages leave the system; transports are chosen by configuration. */
export interface Sender {
  send(message: Message): Promise<void>;
}
