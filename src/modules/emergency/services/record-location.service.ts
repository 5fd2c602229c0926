import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, unprocessable } from '../../../platform/errors.js';
import type { PositionInput } from '../emergency.schemas.js';
import { insertLocation, latestLocation, type IncidentRow, type LocationRow } from '../incidents.repository.js';
import { requireOwnIncident } from './emergency-access.js';
import { refreshEta } from './eta.service.js';

/** A phone sends at most one position per incident in this many seconds (the page sends every 15). */
export const LOCATION_MIN_INTERVAL_SECONDS = 5;

/** Stores a position of an open incident, refusing one that comes too soon after the last (429). */
export async function storeLocation(
  tx: Db,
  incident: IncidentRow,
  position: PositionInput,
  now: Date,
  options: { rateLimited: boolean },
): Promise<LocationRow> {
  if (incident.status === 'closed') throw unprocessable('This emergency is closed: positions are no longer shared.');
  if (options.rateLimited) {
    const last = await latestLocation(tx, incident.id);
    const waited = last ? (now.getTime() - last.recordedAt.getTime()) / 1000 : Infinity;
    if (waited < LOCATION_MIN_INTERVAL_SECONDS) {
      throw new AppError('rate_limited', 'Positions are accepted every few seconds.', {
        retryAfterSeconds: Math.max(1, Math.ceil(LOCATION_MIN_INTERVAL_SECONDS - waited)),
      });
    }
  }
  return insertLocation(
    tx,
    { incidentId: incident.id, latitude: position.latitude, longitude: position.longitude, accuracyM: position.accuracy ?? null },
    now,
  );
}

/** The patient's phone shares its position while the incident is open. */
export async function recordOwnLocation(
  db: Db,
  ctx: ServiceContext,
  incidentId: string,
  position: PositionInput,
): Promise<{ recordedAt: string }> {
  const incident = await requireOwnIncident(db, ctx, incidentId);
  return db.transaction(async (tx) => {
    const row = await storeLocation(tx, incident, position, ctx.now, { rateLimited: true });
    await writeAudit(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'emergency.location.create',
        resourceType: 'emergency_location',
        resourceId: incident.id,
        patientId: incident.patientId,
        category: 'clinical',
      },
      ctx.now,
    );
    await refreshEta(tx, incident.id, ctx.now);
    return { recordedAt: row.recordedAt.toISOString() };
  });
}
