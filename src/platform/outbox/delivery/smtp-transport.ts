import type { Transporter } from 'nodemailer';
import { TransportError, type Transport } from './transport.js';

const TIMEOUT_MS = 10_000;

/**
 * The SMTP Message-ID for an outbox message: the same on every try, so receivers can de-duplicate.
 * Characters a Message-ID may not hold (RFC 5322 atext, e.g. the colons in `notification:…:email`)
 * are written as `=XX`, which keeps distinct ids distinct.
 */
export function smtpMessageId(messageId: string): string {
  const local = messageId.replace(
    /[^A-Za-z0-9!#$%&'*+/?^_`{|}~.-]/g,
    (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `<${local}@carewell>`;
}

/**
 * E-mail through SMTP (nodemailer), `smtp://` or `smtps://user:pass@host:port`. The outbox message
 * id is the Message-ID header. A 5xx reply is permanent (the server refused the message or the
 * address); connection failures and 4xx replies are retried.
 */
export function smtpTransport(options: { url: string; from: string }): Transport {
  // Imported on the first e-mail: most starts send none, and the library slows every start.
  let mailer: Promise<Transporter> | undefined;
  const connect = async () => {
    const { default: nodemailer } = await import('nodemailer');
    return nodemailer.createTransport(options.url, {
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    } as never);
  };
  return {
    channel: 'email',
    async send(message) {
      try {
        const info = await (
          await (mailer ??= connect())
        ).sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: smtpMessageId(message.messageId),
        });
        return { providerId: typeof info.response === 'string' ? info.response : undefined };
      } catch (error) {
        const { code, responseCode } = error as { code?: string; responseCode?: number };
        if (typeof responseCode === 'number') throw new TransportError(`smtp_${responseCode}`, responseCode >= 500);
        throw new TransportError(typeof code === 'string' && /^\w{1,30}$/.test(code) ? `smtp_${code}` : 'smtp_error');
      }
    },
  };
}
