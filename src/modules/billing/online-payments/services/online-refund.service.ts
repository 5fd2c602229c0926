import type { Db } from '../../../../platform/db/database.js';
import { AppError, conflict } from '../../../../platform/errors.js';
import type { PaymentRow } from '../../billing.repository.js';
import { selectOnlinePaymentForUpdate } from '../online-payments.repository.js';
import type { PaymentProvider } from '../provider.js';

/**
 * The money of a desk refund of an online payment goes back through the provider that took it
 * (docs/billing.md "Refunding an online payment"), called inside the refund's transaction and
 * under the invoice's lock: if the provider refuses or does not answer, nothing is recorded.
 *
 * The provider's idempotency key is derived from the state being changed — the payment, what was
 * already refunded from it and the amount — so a retry after a crash between the provider's answer
 * and our commit sends the same key and the provider gives back the same refund, never a second one.
 * Returns the provider's refund id (kept as the refund's reference), or null for a desk payment.
 */
export async function refundOnlinePaymentThroughProvider(
  tx: Db,
  provider: PaymentProvider | null,
  original: PaymentRow,
  alreadyRefundedMinor: number,
  amountMinor: number,
): Promise<string | null> {
  if (original.method !== 'online') return null;
  const online = provider && original.reference ? await selectOnlinePaymentForUpdate(tx, provider.name, original.reference) : undefined;
  if (!provider || !online) {
    throw conflict(
      'This online payment was taken through a payment provider that is no longer configured: give it back through that provider. Carewell records no refund it cannot make.',
    );
  }
  try {
    const { providerRefundId } = await provider.refund({
      providerPaymentId: original.reference!,
      amountMinor,
      idempotencyKey: `carewell-refund-${original.id}-${alreadyRefundedMinor}-${amountMinor}`,
    });
    return providerRefundId;
  } catch {
    throw new AppError('service_unavailable', 'The payment provider did not take the refund; nothing was refunded. Try again.');
  }
}
