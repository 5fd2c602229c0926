import type { FastifyInstance } from 'fastify';
import { registerAppointmentHook } from '../scheduling/index.js';
import { registerBillingApi } from './billing.api.js';
import { registerBillingPages } from './billing.pages.js';
import { registerOnlinePayments } from './online-payments/online-payments.register.js';
import { captureVisitCharge } from './services/charges.service.js';

// What other modules may import (docs/architecture.md, docs/billing.md); every other file here is private.
/** For the demo hospital's seed (the routes call the same services). */
export { addChargeItem } from './services/catalogue.service.js';
export { captureVisitCharge } from './services/charges.service.js';
export { createDraftInvoice, issueInvoice } from './services/invoices.service.js';
/** Online payments: the test gateway's delivery of its webhooks (tests deliver them by hand). */
export { deliverTestGatewayEvent } from './online-payments/test-gateway/test-gateway-delivery.js';
/** Tables, for test fixtures and the demo. */
export { chargeItems, charges, invoiceLines, invoices, invoiceCounters } from './billing.tables.js';

/**
 * Billing (docs/billing.md): the price list, charges (captured from completed visits, or by
 * hand), itemised invoices with gap-free numbers. The API and pages; the visit-charge hook.
 */
export function registerBillingModule(app: FastifyInstance): void {
  registerAppointmentHook(app.deps, captureVisitCharge);
  registerBillingApi(app);
  registerBillingPages(app);
  registerOnlinePayments(app);
}
