import type { FastifyInstance } from 'fastify';
import { registerAppointmentHook } from '../scheduling/index.js';
import { registerBillingApi } from './billing.api.js';
import { registerBillingPages } from './billing.pages.js';
import { registerBillingCapture } from './capture/capture.register.js';
import { registerAdjustments } from './adjustments/adjustments.register.js';
import { registerBillingDocuments } from './documents/documents.register.js';
import { registerOnlinePayments } from './online-payments/online-payments.register.js';
import { captureVisitCharge } from './services/charges.service.js';
import { registerInsurance } from './insurance/insurance.register.js';

// What other modules may import (docs/architecture.md, docs/billing.md); every other file here is private.
/** For the demo hospital's seed (the routes call the same services). */
export { addChargeItem } from './services/catalogue.service.js';
export { captureVisitCharge } from './services/charges.service.js';
export { createDraftInvoice, issueInvoice } from './services/invoices.service.js';
export { recordPayment } from './services/payments.service.js';
/** Online payments: the test gateway's delivery of its webhooks (tests deliver them by hand). */
export { deliverTestGatewayEvent } from './online-payments/test-gateway/test-gateway-delivery.js';
/** Tables, for test fixtures and the demo. */
export { chargeItems, charges, invoiceLines, invoices, invoiceCounters } from './billing.tables.js';
export { unpricedEvents } from './capture/capture.tables.js';
/** Insurance (docs/billing.md "Insurance"): for the demo seed, a claim made and submitted as the routes do. */
export { createClaim, submitClaim } from './insurance/services/claims.service.js';
export { claims, claimEvents, claimLines, eligibilityChecks, cardImages } from './insurance/insurance.tables.js';

/**
 * Billing (docs/billing.md): the price list, charges (captured from completed visits, or by
 * hand), itemised invoices with gap-free numbers, insurance claims. The API and pages; the visit-charge hook.
 */
export function registerBillingModule(app: FastifyInstance): void {
  registerAppointmentHook(app.deps, captureVisitCharge);
  registerBillingApi(app);
  registerBillingPages(app);
  registerBillingCapture(app);
  registerAdjustments(app);
  registerBillingDocuments(app);
  registerInsurance(app);
  registerOnlinePayments(app);
}
