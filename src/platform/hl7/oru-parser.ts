import type { HL7Node, Message } from 'node-hl7-client';
import { hl7Library } from './hl7-library.js';
import { hospitalTimeZone, localTimeToInstant } from '../time/zoned-time.js';
import type { Hl7MessageHeader, InboundLabResultInput, InboundObservation, InboundResultStatus } from './hl7-inbound.types.js';

/**
 * ORU^R01 → one filing input per order (OBR group), with node-hl7-client doing the structural
 * parse (delimiters from MSH-2, CR/LF/CRLF segment ends, escape sequences \F\ \S\ \T\ \R\ \E\).
 * This file only reads the fields a result needs and refuses anything it would have to guess.
 * Failure reasons name fields and positions, never values: they travel back in the NAK and are
 * shown to staff, and a value may be PHI.
 */
export type ParsedOru =
  { ok: true; header: Hl7MessageHeader; orders: InboundLabResultInput[] } | { ok: false; header: Hl7MessageHeader | null; reason: string };

const OBX_STATUSES: Record<string, InboundResultStatus> = { P: 'preliminary', F: 'final', C: 'corrected' };
const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
const HL7_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const HL7_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d{1,4})?([+-]\d{4})?$/;

export function parseOruR01(text: string): ParsedOru {
  let message: Message;
  try {
    message = new (hl7Library().Message)({ text: text.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '') });
  } catch (error) {
    return { ok: false, header: null, reason: `Not one HL7 v2 message (${(error as Error).message.replace(/\.$/, '')})` };
  }
  const header = readHeader(message);
  if (!header.controlId) return { ok: false, header: null, reason: 'MSH-10 (message control id) is empty' };
  if (!header.sendingApplication || !header.sendingFacility)
    return { ok: false, header, reason: 'MSH-3 and MSH-4 (sending application and facility) are required' };
  if (header.messageType !== 'ORU^R01') return { ok: false, header, reason: 'MSH-9 must be ORU^R01 (only lab results are accepted)' };
  try {
    const orders = readOrders(message);
    return typeof orders === 'string' ? { ok: false, header, reason: orders } : { ok: true, header, orders };
  } catch {
    return { ok: false, header, reason: 'The message structure could not be read' };
  }
}

function readHeader(message: Message): Hl7MessageHeader {
  const field = (path: string) => message.get(path).toString().trim();
  return {
    sendingApplication: field('MSH.3.1'),
    sendingFacility: field('MSH.4.1'),
    receivingApplication: field('MSH.5.1'),
    receivingFacility: field('MSH.6.1'),
    controlId: field('MSH.10'),
    messageType: [field('MSH.9.1'), field('MSH.9.2')].filter(Boolean).join('^'),
    version: field('MSH.12.1'),
  };
}

/** Walks the segments in order: PID, then OBR groups each followed by their OBX (NTE and others are skipped). */
function readOrders(message: Message): InboundLabResultInput[] | string {
  let patientMrn: string | undefined;
  const orders: InboundLabResultInput[] = [];
  let obxCount = 0;
  let segmentIndex = 0;
  for (const segment of message.toArray()) {
    segmentIndex += 1;
    const name = segment.name;
    const raw = segment.toRaw();
    if (!SEGMENT_NAME.test(name) || (raw.length > 3 && raw[3] !== message.delimiters[1]))
      return `Segment ${segmentIndex} is not an HL7 segment`;
    if (name === 'PID' && patientMrn === undefined) {
      patientMrn = medicalRecordNumber(segment.get('PID.3'));
      if (!patientMrn) return 'PID-3 has no patient identifier of type MR';
    } else if (name === 'OBR') {
      const fillerOrderNumber = text(segment.get('OBR.3.1')) || null;
      const placerOrderNumber = text(segment.get('OBR.2.1')) || null;
      const accessionNumber = fillerOrderNumber ?? placerOrderNumber;
      if (!accessionNumber) return `OBR ${orders.length + 1}: OBR-3 and OBR-2 (filler and placer order numbers) are both empty`;
      if (!patientMrn) return 'PID must come before OBR';
      orders.push({ accessionNumber, placerOrderNumber, fillerOrderNumber, patientMrn, results: [] });
    } else if (name === 'OBX') {
      obxCount += 1;
      const order = orders.at(-1);
      if (!order) return `OBX ${obxCount} comes before any OBR`;
      const observation = readObservation(segment, obxCount);
      if (typeof observation === 'string') return observation;
      order.results.push(observation);
    }
  }
  if (!patientMrn) return 'The message has no PID segment';
  if (orders.length === 0) return 'The message has no OBR segment';
  const empty = orders.findIndex((o) => o.results.length === 0);
  if (empty >= 0) return `OBR ${empty + 1} has no OBX`;
  return orders;
}

/** PID-3 repeats (CX): the identifier whose type (CX-5) is MR; never the first one by position. */
function medicalRecordNumber(pid3: HL7Node): string | undefined {
  for (const repetition of pid3.toArray()) {
    if (text(repetition.get(4)).toUpperCase() === 'MR') return text(repetition.get(0)) || undefined;
  }
  return undefined;
}

function readObservation(obx: HL7Node, position: number): InboundObservation | string {
  const where = `OBX ${position}`;
  const loinc = loincOf(obx);
  if (!loinc) return `${where}: OBX-3 has no LOINC code (coding system LN)`;
  const status = OBX_STATUSES[text(obx.get('OBX.11')).toUpperCase()];
  if (!status) return `${where}: OBX-11 must be P, F or C (preliminary, final, corrected)`;
  const observedAt = parseHl7Time(text(obx.get('OBX.14')));
  if (observedAt === null) return `${where}: OBX-14 is not an HL7 date and time (YYYYMMDDHHMM[SS][+ZZZZ])`;
  const unit = text(obx.get('OBX.6.1')) || undefined;
  const base = { loinc, status, ...(unit ? { unit } : {}), ...(observedAt ? { observedAt } : {}) };
  const type = text(obx.get('OBX.2')).toUpperCase();
  const field = obx.get('OBX.5');
  if (type === 'NM') {
    const raw = text(field);
    if (!HL7_NUMBER.test(raw)) return `${where}: OBX-5 is not a number although OBX-2 is NM`;
    return { ...base, value: Number(raw) };
  }
  if (type === 'SN') {
    // Structured numeric: comparator ^ number (^ separator ^ number). A plain number is a value; "<0.5" stays text.
    const [comparator, first, separator, second] = [0, 1, 2, 3].map((i) => text(field.get(0).get(i)));
    if (!first || !HL7_NUMBER.test(first)) return `${where}: OBX-5 is not a structured number although OBX-2 is SN`;
    if (!comparator && !separator) return { ...base, value: Number(first) };
    return { ...base, text: `${comparator}${first}${separator ?? ''}${second ?? ''}` };
  }
  if (type === 'ST' || type === 'TX' || type === 'FT') {
    const lines = field.toArray().map((repetition) => text(repetition).replace(/\\\.br\\/gi, '\n'));
    const value = lines.join('\n').trim();
    if (!value) return `${where}: OBX-5 is empty`;
    return { ...base, text: value };
  }
  return `${where}: OBX-2 value type must be NM, SN, ST, TX or FT`;
}

/** OBX-3 (CE/CWE): the first triplet when its system is LN, else the alternate one. */
function loincOf(obx: HL7Node): string | undefined {
  if (text(obx.get('OBX.3.3')).toUpperCase() === 'LN') return text(obx.get('OBX.3.1')) || undefined;
  if (text(obx.get('OBX.3.6')).toUpperCase() === 'LN') return text(obx.get('OBX.3.4')) || undefined;
  return undefined;
}

/**
 * HL7 DTM to an instant: minute precision at least. Without an offset the time is the hospital's
 * wall clock (the sender is a lab serving this hospital). Empty → undefined; unreadable → null.
 */
export function parseHl7Time(value: string): Date | undefined | null {
  if (!value) return undefined;
  const match = HL7_TIME.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, offset] = match as unknown as [string, string, string, string, string, string, string?, string?];
  const seconds = Number(s ?? '0');
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || seconds > 59)
    return null;
  if (offset) {
    const iso = `${y}-${mo}-${d}T${h}:${mi}:${String(seconds).padStart(2, '0')}${offset.slice(0, 3)}:${offset.slice(3)}`;
    const instant = new Date(iso);
    return Number.isNaN(instant.getTime()) ? null : instant;
  }
  const local = localTimeToInstant(`${y}-${mo}-${d}`, Number(h) * 60 + Number(mi), hospitalTimeZone());
  return local ? new Date(local.getTime() + seconds * 1000) : null;
}

/** The library's toString decodes escapes; trimming drops the spaces some senders pad fields with. */
function text(node: HL7Node): string {
  return node.toString().trim();
}
