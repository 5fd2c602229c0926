import { eq } from 'drizzle-orm';
import { users } from '../platform/auth/auth.tables.js';
import type { Db } from '../platform/db/database.js';
import { createUnit } from '../modules/emergency/index.js';

/**
 * The demo fleet (docs/emergency.md, docs/demo.md): three ambulances around the demo hospital in
 * Paris, the first crewed by the demo paramedic (Jo Rivera). Rosa García (reception) carries the
 * dispatcher flag, and the emergency department's doctors and nurses dispatch too.
 */
export const DEMO_UNITS = [
  { callSign: 'AMB-1', latitude: 48.8606, longitude: 2.3376, crew: ['paramedic@carewell.test'] },
  { callSign: 'AMB-2', latitude: 48.8867, longitude: 2.3431, crew: [] },
  { callSign: 'AMB-3', latitude: 48.8412, longitude: 2.3003, crew: [] },
] as const;

export async function seedDemoEmergency(tx: Db, now: Date): Promise<void> {
  for (const unit of DEMO_UNITS) {
    const crewUserIds: string[] = [];
    for (const email of unit.crew) {
      const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
      if (user) crewUserIds.push(user.id);
    }
    await createUnit(tx, { callSign: unit.callSign, crewUserIds, latitude: unit.latitude, longitude: unit.longitude }, now);
  }
}
