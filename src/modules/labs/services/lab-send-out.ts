import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Hl7OutboundConfig } from '../../../platform/config.js';
import type { Encryptor } from '../../../platform/crypto.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import {
  queueLabOrderMessage,
  readLabOrderMessageStates,
  type LabOrderMessageState,
  type OutboundLabOrder,
} from '../../../platform/hl7/index.js';
import type { OutboxStatus } from '../../../platform/outbox/outbox.tables.js';
import { staffProfiles } from '../../staff/index.js';
import { labPanels, labTests, type labOrders } from '../labs.tables.js';
import type { LabSendOutState } from '../labs.vocabulary.js';
import type { LabPatient } from './lab-access.js';

type LabOrderRow = typeof labOrders.$inferSelect;

/** What sending an order out needs from the app: the column key and the HL7_OUTBOUND_* settings. */
export interface SendOutDeps {
  encryptor: Encryptor;
  settings: Hl7OutboundConfig;
}

/** The app's send-out dependencies, for routes. */
export const sendOutDepsOf = (app: FastifyInstance): SendOutDeps => ({
  encryptor: app.deps.encryptor,
  settings: app.deps.config.hl7Outbound,
});

/** The hospital has an outside laboratory connected (HL7_OUTBOUND_HOST/PORT): the order form offers the choice. */
export const outsideLabConnected = (deps: SendOutDeps) => deps.settings.destination !== undefined;

/**
 * Whether a new order goes to the outside laboratory: always when a test of it is performed
 * outside (the catalogue's choice; a specimen goes to one place, so a panel with one such test
 * goes out whole); otherwise when the doctor asks for it, which needs a connected laboratory.
 */
export function decideSendOut(performers: readonly string[], requested: boolean | undefined, deps: SendOutDeps): boolean {
  if (performers.includes('outside_lab')) return true;
  if (!requested) return false;
  if (!outsideLabConnected(deps))
    throw new AppError('unprocessable', 'No outside laboratory is connected: this order can only be performed here.', {
      errors: [{ path: 'sendOut', message: 'No outside laboratory is connected.' }],
    });
  return true;
}

/**
 * Queues the order's ORM^O01 (NW at collection, CA at cancellation) in the caller's transaction,
 * with our accession number as the placer number the laboratory quotes back (OBR-2).
 */
export async function queueSendOutMessage(
  tx: Db,
  deps: SendOutDeps,
  order: LabOrderRow,
  patient: LabPatient,
  control: OutboundLabOrder['control'],
  now: Date,
): Promise<void> {
  if (!order.sendOut || !order.accessionNumber) return;
  const [[item], [clinician]] = await Promise.all([
    order.itemKind === 'panel'
      ? tx.select({ loinc: labPanels.loinc, name: labPanels.name }).from(labPanels).where(eq(labPanels.code, order.itemCode))
      : tx.select({ loinc: labTests.loinc, name: labTests.name }).from(labTests).where(eq(labTests.code, order.itemCode)),
    tx
      .select({ id: staffProfiles.id, givenName: staffProfiles.givenName, familyName: staffProfiles.familyName })
      .from(staffProfiles)
      .where(eq(staffProfiles.userId, order.orderedBy)),
  ]);
  const note = [order.indication, order.fasting ? 'Fasting' : null].filter(Boolean).join('; ');
  await queueLabOrderMessage(
    tx,
    deps,
    {
      placerOrderNumber: order.accessionNumber,
      control,
      priority: order.priority,
      patient: {
        mrn: patient.mrn,
        familyName: patient.familyName,
        givenName: patient.givenName,
        birthDate: patient.birthDate,
        sex: patient.sex === 'female' || patient.sex === 'male' || patient.sex === 'other' ? patient.sex : 'unknown',
      },
      orderingClinician: clinician ?? { id: order.orderedBy, familyName: '', givenName: '' },
      tests: [{ loinc: item?.loinc ?? order.itemCode, name: item?.name ?? order.itemName }],
      orderedAt: order.orderedAt,
      ...(note ? { note } : {}),
    },
    now,
  );
}

/** The outbox's status in the words the order page uses. */
export function sendOutStateOf(status: OutboxStatus): LabSendOutState {
  if (status === 'sent') return 'sent';
  if (status === 'captured') return 'held';
  if (status === 'failed' || status === 'dead') return 'failed';
  return 'waiting';
}

export interface SendOutView {
  control: OutboundLabOrder['control'];
  state: LabSendOutState;
  attempts: number;
  sentAt: Date | null;
  queuedAt: Date;
}

/** The delivery of a sent-out order's messages (none before collection; one statement when there are). */
export async function readSendOut(db: Db, order: LabOrderRow): Promise<SendOutView[]> {
  if (!order.sendOut || !order.accessionNumber) return [];
  const states: LabOrderMessageState[] = await readLabOrderMessageStates(db, order.accessionNumber);
  return states.map((s) => ({
    control: s.control,
    state: sendOutStateOf(s.status),
    attempts: s.attempts,
    sentAt: s.sentAt,
    queuedAt: s.queuedAt,
  }));
}
