import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Message, Sender } from './sender.ts';

/** Email through an SMTP server (SMTP_URL, e.g. smtps://user:pass@mail.example.com). */
export class SmtpSender implements Sender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: Message): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.body });
  }
}
