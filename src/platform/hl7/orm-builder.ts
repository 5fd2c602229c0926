import { hl7Library } from './hl7-library.js';
import { escapeHl7 } from './hl7-ack.js';

/**
 * The contract for sending a lab order to an outside laboratory. Platform never imports a module:
 * the labs module describes its order in this shape and `queueLabOrderMessage` sends it.
 */
export interface OutboundLabOrder {
  /** The placer order number the outside lab will quote back in OBR-2 (our accession number). */
  placerOrderNumber: string;
  /** NW: a new order; CA: cancel one sent before. */
  control: 'new' | 'cancel';
  priority: 'routine' | 'urgent' | 'stat';
  patient: { mrn: string; familyName: string; givenName: string; birthDate: string | null; sex: 'female' | 'male' | 'other' | 'unknown' };
  orderingClinician: { id: string; familyName: string; givenName: string };
  /** One entry per ordered test or panel (a panel is one request with the panel's LOINC). */
  tests: { loinc: string; name: string }[];
  orderedAt: Date;
  /** Free text for the lab (the indication, "fasting"); sent as NTE, escaped. */
  note?: string;
}

export interface OrmHeader {
  controlId: string;
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  at: Date;
}

/** HL7 table 0001 administrative sex. */
const SEX: Record<OutboundLabOrder['patient']['sex'], string> = { female: 'F', male: 'M', other: 'O', unknown: 'U' };
/** Quantity/timing priority (TQ1-9 / ORC-7.6): S stat, A as soon as possible, R routine. */
const PRIORITY: Record<OutboundLabOrder['priority'], string> = { stat: 'S', urgent: 'A', routine: 'R' };
/** ORC-1 order control: NW new order, CA cancel order request. */
const CONTROL: Record<OutboundLabOrder['control'], string> = { new: 'NW', cancel: 'CA' };

/**
 * ORM^O01 (HL7 v2.5) for one order: MSH, PID, then an ORC + OBR pair per test, with the note as NTE.
 * Built with node-hl7-client's v2.5 builder, which checks each field against the version's
 * tables; the builder takes composite strings as they are, so every piece of free text is escaped
 * here first. Priority travels in ORC-7 and OBR-27 component 6, which outside laboratory
 * interfaces of every 2.x version read. Times are UTC with the offset written.
 */
export function buildLabOrderMessage(order: OutboundLabOrder, header: OrmHeader): string {
  const builder = new (hl7Library().HL7_2_5)({ hardError: true });
  builder.buildMSH({
    msh_3: escapeHl7(header.sendingApplication),
    msh_4: escapeHl7(header.sendingFacility),
    msh_5: escapeHl7(header.receivingApplication),
    msh_6: escapeHl7(header.receivingFacility),
    msh_9_1: 'ORM',
    msh_9_2: 'O01',
    msh_10: escapeHl7(header.controlId),
    msh_11_1: 'P',
  });
  builder.buildPID({
    pid_1: '1',
    pid_3: escapeHl7(order.patient.mrn),
    pid_5: `${escapeHl7(order.patient.familyName)}^${escapeHl7(order.patient.givenName)}`,
    ...(order.patient.birthDate ? { pid_7: order.patient.birthDate.replace(/-/g, '') } : {}),
    pid_8: SEX[order.patient.sex],
  });
  const placer = `${escapeHl7(order.placerOrderNumber)}^${escapeHl7(header.sendingApplication)}`;
  const clinician = `${escapeHl7(order.orderingClinician.id)}^${escapeHl7(order.orderingClinician.familyName)}^${escapeHl7(order.orderingClinician.givenName)}`;
  const timing = `^^^^^${PRIORITY[order.priority]}`;
  order.tests.forEach((test, index) => {
    builder.buildORC({ orc_1: CONTROL[order.control], orc_2: placer, orc_7: timing, orc_9: hl7Time(order.orderedAt), orc_12: clinician });
    builder.buildOBR({
      obr_1: String(index + 1),
      obr_2: placer,
      obr_4: `${escapeHl7(test.loinc)}^${escapeHl7(test.name)}^LN`,
      obr_16: clinician,
      obr_27: timing,
    });
  });
  const message = builder.toMessage();
  // The builder stamps MSH-7 from the machine's clock; the time comes from the injected clock instead.
  message.set('MSH.7', hl7Time(header.at));
  // The builder caps PID-3 as a whole at 20 characters; the assigning authority and the
  // identifier type (MR: what the laboratory quotes back in its results) are set by component.
  message.set('PID.3.4', escapeHl7(header.sendingFacility));
  message.set('PID.3.5', 'MR');
  if (order.note) {
    const note = message.addSegment('NTE');
    note.set('1', '1');
    note.set('3', escapeHl7(order.note));
  }
  return message.toString();
}

function hl7Time(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-T:]/g, '')}+0000`;
}
