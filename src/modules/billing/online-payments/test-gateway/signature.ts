import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS, WebhookSignatureError } from '../provider.js';

/** The test gateway signs like Stripe: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const TEST_GATEWAY_SIGNATURE_HEADER = 'carewell-test-gateway-signature';

const hmac = (secret: string, timestamp: number, body: string) => createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export function signTestGatewayPayload(secret: string, body: string, now: Date): string {
  const timestamp = Math.floor(now.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** Refuses a missing or wrong signature and a timestamp outside the tolerance (a replay). */
export function verifyTestGatewaySignature(secret: string, body: string, header: string | undefined, now: Date): void {
  if (!header) throw new WebhookSignatureError('no signature header');
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const [key, value] = item.split('=', 2);
    if (key && value) parts.set(key.trim(), [...(parts.get(key.trim()) ?? []), value.trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp)) throw new WebhookSignatureError('no timestamp');
  if (Math.abs(now.getTime() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS)
    throw new WebhookSignatureError('timestamp outside tolerance');
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = (parts.get('v1') ?? []).some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookSignatureError('no matching signature');
}
