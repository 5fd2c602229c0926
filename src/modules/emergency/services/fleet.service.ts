import type { Db } from '../../../platform/db/database.js';
import { insertCrewMember, insertUnit, type UnitRow } from '../ambulances.repository.js';

/** Adds an ambulance unit with its crew (the demo seed and tests; administrators use fleet-admin.service.ts). */
export async function createUnit(
  db: Db,
  input: { callSign: string; crewUserIds: string[]; latitude?: number; longitude?: number },
  now: Date,
): Promise<UnitRow> {
  return db.transaction(async (tx) => {
    const unit = await insertUnit(tx, input, now);
    for (const userId of input.crewUserIds) await insertCrewMember(tx, unit.id, userId);
    return unit;
  });
}
