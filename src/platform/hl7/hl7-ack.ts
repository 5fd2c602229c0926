import { randomBytes } from 'node:crypto';
import type { Hl7MessageHeader } from './hl7-inbound.types.js';

/**
 * The acknowledgement for one inbound message (original acknowledgement mode):
 * AA accepted (filed, unmatched for reconciliation, or a duplicate already held), AE an error in
 * the message (the sender should fix it), AR refused (unregistered sender, unsupported message,
 * or we could not store it: the sender should retry later). MSA-3 and ERR-8 carry the reason.
 */
export type AckCode = 'AA' | 'AE' | 'AR';

/** HL7 table 0357 codes used in ERR-3. */
export type Hl7ErrorCode = '100' | '101' | '200' | '207';
const ERROR_TEXT: Record<Hl7ErrorCode, string> = {
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '200': 'Unsupported message type',
  '207': 'Application internal error',
};

export interface AckInput {
  code: AckCode;
  /** The inbound header when it could be read; a NAK to an unreadable message answers with blanks. */
  header: Hl7MessageHeader | null;
  reason?: string;
  errorCode?: Hl7ErrorCode;
  now: Date;
}

export function buildAck({ code, header, reason, errorCode, now }: AckInput): string {
  const msh = [
    'MSH',
    '^~\\&',
    escapeHl7(header?.receivingApplication || 'CAREWELL'),
    escapeHl7(header?.receivingFacility || ''),
    escapeHl7(header?.sendingApplication ?? ''),
    escapeHl7(header?.sendingFacility ?? ''),
    hl7Timestamp(now),
    '',
    'ACK^R01^ACK',
    randomBytes(10).toString('hex'),
    'P',
    escapeHl7(header?.version || '2.5.1'),
  ].join('|');
  const segments = [msh, ['MSA', code, escapeHl7(header?.controlId ?? ''), escapeHl7(reason ?? '')].join('|')];
  if (code !== 'AA') {
    const hl7Error = errorCode ?? '207';
    segments.push(['ERR', '', '', `${hl7Error}^${ERROR_TEXT[hl7Error]}^HL70357`, 'E', '', '', '', escapeHl7(reason ?? '')].join('|'));
  }
  return `${segments.join('\r')}\r`;
}

/** Escapes text for an HL7 field with the standard delimiters (the escape character first). */
export function escapeHl7(text: string): string {
  return text
    .replace(/\\/g, '\\E\\')
    .replace(/\|/g, '\\F\\')
    .replace(/\^/g, '\\S\\')
    .replace(/&/g, '\\T\\')
    .replace(/~/g, '\\R\\')
    .replace(/[\r\n]+/g, ' ');
}

/** YYYYMMDDHHMMSS+0000: always UTC, with the offset said. */
export function hl7Timestamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-T:]/g, '')}+0000`;
}
