import type { Db } from '../../../../platform/db/database.js';

/** A procedure recorded in an encounter (docs/billing.md "Capture sources"): raised once, when its row is inserted. */
export interface ProcedurePerformed {
  procedureId: string;
  encounterId: string;
  patientId: string;
  /** The procedure's code (CPT-like), or null when the clinician gave only a description. */
  code: string | null;
  description: string;
  performedAt: Date;
}

export interface ProcedureHookContext {
  now: Date;
  actorUserId: string | null;
}

/** Runs inside the recording transaction: what it writes commits or rolls back with the procedure. */
export type ProcedureHook = (tx: Db, event: ProcedurePerformed, ctx: ProcedureHookContext) => Promise<void>;

// Per app, keyed by its root database handle (the one the services receive), like scheduling's hooks.
const hooksByDb = new WeakMap<object, ProcedureHook[]>();

/** Registers a hook for one app: call it from a module's registration with `app.deps`. */
export function registerProcedureHook(deps: { db: Db }, hook: ProcedureHook): void {
  hooksByDb.set(deps.db, [...(hooksByDb.get(deps.db) ?? []), hook]);
}

export function procedureHooksOf(db: Db): ProcedureHook[] {
  return hooksByDb.get(db) ?? [];
}
