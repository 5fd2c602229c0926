import type { Db } from '../../../platform/db/database.js';
import { deleteLocationsBefore } from '../incidents.repository.js';
import { emergencySettings } from './emergency-settings.js';

/** Deletes shared positions older than EMERGENCY_LOCATION_RETENTION_DAYS (a daily pg-boss job). */
export async function purgeOldLocations(db: Db, now: Date): Promise<{ deleted: number }> {
  const before = new Date(now.getTime() - emergencySettings().locationRetentionDays * 86_400_000);
  return { deleted: await deleteLocationsBefore(db, before) };
}
