import { randomUUID } from 'node:crypto';
import { auditActorOf, auditPatientAccess, writeAudit } from '../../../platform/audit/audit.service.js';
import type { IntegrationContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { publishEvent } from '../../../platform/events/index.js';
import { checkDeviceReading, recordDeviceObservations, type BatchObservation } from '../../records/index.js';
import { claimDeviceReadings, selectLiveDeviceByKey, touchDevice } from '../devices.repository.js';
import type { DeviceBatchResult } from '../devices.schemas.js';
import { REMOTE_MONITORING_EVENT, type DeviceKind } from '../devices.vocabulary.js';
import { weighDeviceReadings, type StoredReading } from './remote-monitoring-readings.service.js';

/** A reading as a device sent it (JSON or FHIR), with its position in the request. */
export interface IncomingReading {
  index: number;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  /** Where a field of this reading sits in the request (FHIR: inside its entry); default: the field's name. */
  pathOf?: (field: string) => string;
}

/** A reading refused before it was weighed (a FHIR entry that is not a reading we can store). */
export interface RefusedReading {
  index: number;
  path: string;
  message: string;
}

const GLUCOSE = '2339-0';
const CAPILLARY_GLUCOSE = '41653-7';

/**
 * A glucometer measures glucose in capillary blood: a plain "glucose" (2339-0) from one is stored
 * as 41653-7, before the ledger claims it (a resend under either code is the same reading).
 */
const storedAs =
  (kind: DeviceKind) =>
  (reading: IncomingReading): IncomingReading =>
    kind === 'glucometer' && reading.code === GLUCOSE ? { ...reading, code: CAPILLARY_GLUCOSE } : reading;

/** Devices' clocks drift: a reading a few minutes "ahead" is accepted, later ones are refused. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Stores a batch of readings from the device whose credential made the request, for that device's
 * patient only. Each reading is checked like a manual entry (code, unit, possible range) and for a
 * time not in the future; valid ones are stored, invalid ones returned with their index and field,
 * and readings this device sent before (same code and time) reported as duplicates. One audit row
 * per batch. When every reading is refused: 422 with each reading's problem, nothing stored.
 * `claimedPatientIds`: patients the request names; any other than the device's is refused whole (404).
 */
export async function ingestDeviceReadings(
  db: Db,
  ctx: IntegrationContext,
  incoming: readonly IncomingReading[],
  refusedEarly: readonly RefusedReading[],
  claimedPatientIds: readonly string[],
): Promise<DeviceBatchResult> {
  const device = await selectLiveDeviceByKey(db, ctx.actor.apiKeyId);
  const foreign = device ? claimedPatientIds.find((id) => id !== device.patientId) : undefined;
  if (!device || foreign) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'device.observations.ingest',
        resourceType: 'device',
        resourceId: device?.id ?? null,
        category: 'clinical',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: device ? 'foreign_patient' : 'not_a_device_credential' },
      },
      ctx.now,
    );
    throw device ? notFound('The patient') : notFound('The device');
  }

  const { rejected, valid, duplicates } = sortReadings(incoming.map(storedAs(device.kind)), refusedEarly, ctx.now, device.registeredBy);
  if (valid.length === 0 && duplicates.length === 0) {
    throw new AppError('unprocessable', 'No reading of this batch could be stored.', {
      errors: rejected.map((r) => ({ path: `readings.${r.index}.${r.path}`, message: r.message })),
      rejected,
    });
  }

  return db.transaction(async (tx) => {
    const claimed = await claimDeviceReadings(
      tx,
      device.id,
      valid.map((v) => ({ code: v.code, effectiveAt: v.effectiveAt, observationId: v.id })),
      ctx.now,
    );
    const stored = valid.filter((v) => claimed.has(v.id));
    for (const v of valid) if (!claimed.has(v.id)) duplicates.push(v.index);
    duplicates.sort((a, b) => a - b);
    const audited = await auditPatientAccess(
      tx,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'device.observations.ingest',
        resourceType: 'device',
        resourceId: device.id,
        patientId: device.patientId,
        category: 'clinical',
        detail: {
          received: incoming.length + refusedEarly.length,
          stored: stored.length,
          duplicates: duplicates.length,
          rejected: rejected.length,
        },
      },
      ctx.now,
    );
    if (stored.length > 0) {
      await recordDeviceObservations(
        tx,
        audited,
        stored.map(({ index: _index, ...v }) => v),
        ctx.now,
      );
      const latest = new Date(Math.max(...stored.map((s) => s.effectiveAt.getTime())));
      await touchDevice(tx, device.id, latest);
      const readings: StoredReading[] = stored.map((s) => ({
        observationId: s.id,
        code: s.code,
        value: s.value,
        unit: s.unit,
        effectiveAt: s.effectiveAt,
      }));
      const touched = await weighDeviceReadings(tx, { actor: ctx.actor, origin: ctx.origin, now: ctx.now }, audited, readings);
      if (touched.length > 0) {
        // Ids only: the board re-reads what the viewer may see.
        await publishEvent(
          tx,
          { type: REMOTE_MONITORING_EVENT, audience: { roles: ['doctor', 'nurse'] }, data: { enrolmentIds: touched.map((e) => e.id) } },
          ctx.now,
        );
      }
    }
    return { received: incoming.length + refusedEarly.length, stored: stored.length, duplicates: [...new Set(duplicates)], rejected };
  });
}

/**
 * Sorts a batch's readings, in the order sent: refused (a time in the future, or the manual-entry
 * rule), repeated within the batch (a duplicate), or valid (with the id its observation will take).
 */
function sortReadings(incoming: readonly IncomingReading[], refusedEarly: readonly RefusedReading[], now: Date, recordedBy: string) {
  const rejected: RefusedReading[] = [...refusedEarly];
  const valid: (BatchObservation & { index: number })[] = [];
  const seen = new Set<string>();
  const duplicates: number[] = [];
  for (const reading of incoming) {
    if (reading.effectiveAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      rejected.push({
        index: reading.index,
        path: reading.pathOf?.('effectiveAt') ?? 'effectiveAt',
        message: 'The time of a reading cannot be in the future',
      });
      continue;
    }
    const checked = checkDeviceReading(reading.code, reading.value, reading.unit);
    if ('problem' in checked) {
      rejected.push({
        index: reading.index,
        path: reading.pathOf?.(checked.problem.path) ?? checked.problem.path,
        message: checked.problem.message,
      });
      continue;
    }
    const key = `${reading.code}|${reading.effectiveAt.getTime()}`;
    if (seen.has(key)) {
      duplicates.push(reading.index);
      continue;
    }
    seen.add(key);
    // recordedBy needs a person: the one who registered the device (source 'device' and the ledger name the device).
    valid.push({
      index: reading.index,
      code: reading.code,
      // In the code's unit: a glucose sent in mmol/L is stored converted to mg/dL (docs/vitals.md).
      value: checked.value,
      effectiveAt: reading.effectiveAt,
      unit: checked.unit,
      flag: checked.implausible ? 'implausible' : null,
      id: randomUUID(),
      recordedBy,
    });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { rejected, valid, duplicates };
}
