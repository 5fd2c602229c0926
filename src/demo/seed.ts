import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db/database.js';

/** Seeds the demo hospital on an empty database (filled in with the staff and patient modules). */
export async function seedDemoHospital(_db: Db, _config: Config): Promise<boolean> {
  return false;
}

export function demoBanner(config: Config, seeded: boolean, kind: string): string {
  return [
    '',
    `  Carewell is running at ${config.publicUrl}  (database: ${kind})`,
    config.demoMode ? `  DEMO MODE${seeded ? ' (demo hospital seeded)' : ''}: see docs/demo.md for the accounts.` : '',
    '',
  ].join('\n');
}
