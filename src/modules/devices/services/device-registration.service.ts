import { auditActorOf, writeAudit } from '../../../platform/audit/audit.service.js';
import { auditedViews } from '../../../platform/audit/audited-views.js';
import type { ServiceContext } from '../../../platform/auth/actor.js';
import { hashToken, newToken } from '../../../platform/crypto.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead } from '../../../platform/db/read-together.js';
import { notFound } from '../../../platform/errors.js';
import { API_KEY_PREFIX } from '../../../platform/http/authentication.js';
import { accessAuditValues, auditAccess, auditDenied, resolvePatientAccess, type PatientAccess } from '../../patients/index.js';
import {
  insertDevice,
  insertDeviceKey,
  markDeviceRevoked,
  selectDevice,
  selectPatientDevices,
  type DeviceRow,
} from '../devices.repository.js';
import type { DeviceDto, RegisterDeviceInput } from '../devices.schemas.js';

/** Characters of the credential kept in clear for people to tell devices apart ('cwk_' and four more). */
const DISPLAY_PREFIX_LENGTH = 8;

export function toDeviceDto(row: DeviceRow): DeviceDto {
  return {
    id: row.id,
    patientId: row.patientId,
    kind: row.kind,
    label: row.label,
    credentialPrefix: row.credentialPrefix,
    status: row.revokedAt ? 'revoked' : 'active',
    createdAt: row.createdAt.toISOString(),
    lastReadingAt: row.lastReadingAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/**
 * The patient themself or their care team manages a patient's devices; break-the-glass (an
 * emergency read) does not extend to registering hardware. Anyone else: 404 and a denied row.
 */
async function openDevicesOf(db: Db, ctx: ServiceContext, patientId: string, action: string): Promise<PatientAccess> {
  const access = await resolvePatientAccess(db, ctx, patientId, { need: 'clinical', action });
  if (access.tier !== 'self' && access.tier !== 'care_team') {
    await auditDenied(db, ctx, access, { action, resourceType: 'device', category: 'clinical', detail: { reason: 'tier' } });
    throw notFound('The patient');
  }
  return access;
}

/**
 * Registers a device of the patient and issues its credential: an integration key with the one
 * scope `devices:write`, bound to this device (and so to this patient). The credential is returned
 * once; only its SHA-256 is stored.
 */
export async function registerDevice(
  db: Db,
  ctx: ServiceContext,
  patientId: string,
  input: RegisterDeviceInput,
): Promise<{ device: DeviceDto; credential: string }> {
  const access = await openDevicesOf(db, ctx, patientId, 'device.register');
  const credential = `${API_KEY_PREFIX}${newToken()}`;
  const id = await db.transaction(async (tx) => {
    // The key's name is what administrators see in the key list: the kind, never the patient's label.
    const apiKeyId = await insertDeviceKey(
      tx,
      {
        name: `device: ${input.kind}`,
        keyHash: hashToken(credential),
        prefix: credential.slice(0, DISPLAY_PREFIX_LENGTH),
        createdBy: ctx.actor.userId,
      },
      ctx.now,
    );
    const deviceId = await insertDevice(tx, {
      patientId: access.patient.id,
      kind: input.kind,
      label: input.label,
      apiKeyId,
      registeredBy: ctx.actor.userId,
      createdAt: ctx.now,
    });
    await auditAccess(tx, ctx, access, {
      action: 'device.register',
      resourceType: 'device',
      resourceId: deviceId,
      category: 'security',
      severity: 'medium',
      detail: { kind: input.kind, apiKeyId },
    });
    return deviceId;
  });
  return { device: toDeviceDto((await selectDevice(db, id))!), credential };
}

/** The patient's devices, revoked ones included (their history explains past readings). */
export async function listPatientDevices(db: Db, ctx: ServiceContext, patientId: string): Promise<DeviceDto[]> {
  const access = await openDevicesOf(db, ctx, patientId, 'device.list');
  // The audit row and the list in ONE statement, built once (issue 11).
  const audit = accessAuditValues(ctx, access, { action: 'device.list', resourceType: 'device', category: 'clinical' });
  const { devices } = await deviceListViews(db, 'devices', audit, (db, audited) => ({
    devices: deferRead(selectPatientDevices(db, audited), (rows) => rows),
  }));
  return devices.map(toDeviceDto);
}

const deviceListViews = auditedViews();

/**
 * Revokes a device: its credential authenticates nothing from the next request on (the key row is
 * revoked in the same transaction, and every instance's key cache is dropped by the key's trigger).
 * Revoking twice is harmless.
 */
export async function revokeDevice(db: Db, ctx: ServiceContext, deviceId: string): Promise<DeviceDto> {
  const device = await selectDevice(db, deviceId);
  if (!device) {
    await writeAudit(
      db,
      auditActorOf(ctx.actor),
      ctx.origin,
      {
        action: 'device.revoke',
        resourceType: 'device',
        resourceId: deviceId,
        category: 'security',
        outcome: 'denied',
        severity: 'medium',
        detail: { reason: 'unknown_device' },
      },
      ctx.now,
    );
    throw notFound('The device');
  }
  const access = await openDevicesOf(db, ctx, device.patientId, 'device.revoke');
  await db.transaction(async (tx) => {
    const revoked = await markDeviceRevoked(tx, device, ctx.now);
    if (revoked)
      await auditAccess(tx, ctx, access, {
        action: 'device.revoke',
        resourceType: 'device',
        resourceId: deviceId,
        category: 'security',
        severity: 'medium',
        detail: { apiKeyId: device.apiKeyId },
      });
  });
  return toDeviceDto((await selectDevice(db, deviceId))!);
}
