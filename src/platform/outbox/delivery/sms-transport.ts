import { TransportError, type Transport } from './transport.js';

const TIMEOUT_MS = 10_000;

/**
 * SMS through a Twilio-compatible HTTP API: POST form-encoded To/From/Body with basic auth to
 * `/2010-04-01/Accounts/{sid}/Messages.json`. The outbox message id goes in `Idempotency-Key`.
 * Outbound calls time out after 10 s and never follow redirects. 4xx (other than 408/429) is
 * permanent: the provider refused the number or the request.
 */
export function smsTransport(options: {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  fetch?: typeof fetch;
}): Transport {
  const url = `${options.apiUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const doFetch = options.fetch ?? fetch;
  return {
    channel: 'sms',
    async send(message) {
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
          headers: {
            authorization,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            'idempotency-key': message.messageId,
          },
          body: new URLSearchParams({ To: message.to, From: options.from, Body: message.text }).toString(),
        });
      } catch (error) {
        throw new TransportError((error as Error).name === 'TimeoutError' ? 'sms_timeout' : 'sms_unreachable');
      }
      if (response.status >= 300 && response.status < 400) throw new TransportError(`sms_redirect_${response.status}`, true);
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
        throw new TransportError(`sms_http_${response.status}`, !retryable);
      }
      const body = (await response.json().catch(() => ({}))) as { sid?: unknown };
      return { providerId: typeof body.sid === 'string' ? body.sid : undefined };
    },
  };
}
