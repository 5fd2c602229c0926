import type { FastifyInstance } from 'fastify';
import { signTestGatewayPayload, TEST_GATEWAY_SIGNATURE_HEADER } from './signature.js';
import { markGatewayEventDelivered, selectGatewayEvent } from './test-gateway.service.js';

export const TEST_GATEWAY_WEBHOOK_PATH = '/api/v1/webhooks/payments/test';

/**
 * Delivers one gateway event to Carewell's webhook, signed at the moment of sending, through the
 * full HTTP stack (`inject`: the worker process has the app). A refusal throws, so pg-boss retries
 * (at least once delivery: the webhook dedupes by event id).
 */
export async function deliverTestGatewayEvent(app: FastifyInstance, eventId: string): Promise<number> {
  const event = await selectGatewayEvent(app.deps.db, eventId);
  if (!event) return 404;
  const payments = app.deps.config.payments;
  if (payments.provider !== 'test') return 409;
  const now = app.deps.clock();
  const res = await app.inject({
    method: 'POST',
    url: TEST_GATEWAY_WEBHOOK_PATH,
    headers: {
      'content-type': 'application/json',
      [TEST_GATEWAY_SIGNATURE_HEADER]: signTestGatewayPayload(payments.testGatewayWebhookSecret, event.payload, now),
    },
    payload: event.payload,
  });
  if (res.statusCode >= 300) throw new Error(`test gateway: webhook answered ${res.statusCode}`);
  await markGatewayEventDelivered(app.deps.db, eventId, now);
  return res.statusCode;
}
