import type { Db } from '../../../../platform/db/database.js';

/** A dispense recorded (docs/pharmacy.md, docs/billing.md "Capture sources"): raised once, when its row is inserted. */
export interface MedicineDispensed {
  dispenseId: string;
  prescriptionId: string;
  patientId: string;
  /** The formulary product (medication_products.id). */
  productId: string;
  productName: string;
  /** Exact, in the prescription's UCUM unit (may be fractional: 7.5 mL). */
  quantityValue: number;
  quantityUnit: string;
  /** The dispense's calendar day in the hospital's zone. */
  dispensedOn: string;
}

export interface DispenseHookContext {
  now: Date;
  actorUserId: string | null;
}

/** Runs inside the dispensing transaction: what it writes commits or rolls back with the dispense. */
export type DispenseHook = (tx: Db, event: MedicineDispensed, ctx: DispenseHookContext) => Promise<void>;

// Per app, keyed by its root database handle (the one the services receive), like scheduling's hooks.
const hooksByDb = new WeakMap<object, DispenseHook[]>();

/** Registers a hook for one app: call it from a module's registration with `app.deps`. */
export function registerDispenseHook(deps: { db: Db }, hook: DispenseHook): void {
  hooksByDb.set(deps.db, [...(hooksByDb.get(deps.db) ?? []), hook]);
}

export function dispenseHooksOf(db: Db): DispenseHook[] {
  return hooksByDb.get(db) ?? [];
}
