import type { Db } from '../../../platform/db/database.js';

/**
 * A test performed: the first value filed for one test of an order (docs/labs.md, docs/billing.md
 * "Capture sources"). A later value of the same test (a final after a preliminary, a correction)
 * is the same test and raises nothing; `resultId` (the first value's id) names the event.
 */
export interface LabTestPerformed {
  resultId: string;
  orderId: string;
  encounterId: string | null;
  patientId: string;
  loinc: string;
  testName: string;
  /** When the specimen was collected (else when the result was filed). */
  performedAt: Date;
}

export interface LabHookContext {
  now: Date;
  actorUserId: string | null;
}

/** Runs inside the filing transaction: what it writes commits or rolls back with the results. */
export type LabResultHook = (tx: Db, event: LabTestPerformed, ctx: LabHookContext) => Promise<void>;

// Per app, keyed by its root database handle (the one the services receive), like scheduling's hooks.
const hooksByDb = new WeakMap<object, LabResultHook[]>();

/** Registers a hook for one app: call it from a module's registration with `app.deps`. */
export function registerLabResultHook(deps: { db: Db }, hook: LabResultHook): void {
  hooksByDb.set(deps.db, [...(hooksByDb.get(deps.db) ?? []), hook]);
}

export function labResultHooksOf(db: Db): LabResultHook[] {
  return hooksByDb.get(db) ?? [];
}
