import type { RequestOrigin } from '../../../../platform/auth/actor.js';
import type { Db } from '../../../../platform/db/database.js';
import type { AppDeps } from '../../../../platform/http/context.js';
import type { AppointmentRow } from '../appointments.repository.js';

/**
 * What else happens when an appointment changes (confirmations and reminders, waitlist offers…)
 * plugs in here instead of growing the booking services. Hooks run inside the booking's
 * transaction after the change is written, so what they write commits or rolls back with it.
 */
export interface AppointmentChange {
  kind: 'booked' | 'rescheduled' | 'cancelled' | 'checked_in' | 'completed' | 'no_show';
  /** For 'rescheduled': the new booking. */
  appointment: AppointmentRow;
  /** For 'rescheduled': the original, now cancelled. */
  previous?: AppointmentRow;
}

export interface AppointmentHookContext {
  now: Date;
  actorUserId: string | null;
  origin: RequestOrigin | null;
}

export type AppointmentHook = (tx: Db, change: AppointmentChange, ctx: AppointmentHookContext) => Promise<void>;

// Per app (keyed by its dependencies), so two apps in one process never share hooks or config.
const hooksByApp = new WeakMap<AppDeps, AppointmentHook[]>();

/** Registers a hook for one app; call it from a module's registration with `app.deps`. */
export function registerAppointmentHook(deps: AppDeps, hook: AppointmentHook): void {
  const hooks = hooksByApp.get(deps) ?? [];
  hooks.push(hook);
  hooksByApp.set(deps, hooks);
}

export function appointmentHooksOf(deps: AppDeps): AppointmentHook[] {
  return hooksByApp.get(deps) ?? [];
}

export async function runAppointmentHooks(
  hooks: AppointmentHook[] | undefined,
  tx: Db,
  change: AppointmentChange,
  ctx: AppointmentHookContext,
): Promise<void> {
  for (const hook of hooks ?? []) await hook(tx, change, ctx);
}
