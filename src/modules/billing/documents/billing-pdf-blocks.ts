import type { Direction } from '../../../platform/pdf/unicode-text.js';

/**
 * Billing's printable documents (the invoice, the statement) on A4 pages with pdf-lib and the
 * platform's Unicode text (platform/pdf/unicode-text.ts: embedded fonts, Arabic shaping and
 * bidirectional order), so a patient's name prints in any script. A document is a list of blocks;
 * a table row's cells sit in fixed columns, mirrored for a right-to-left locale. Bounded: at most
 * MAX_BLOCKS blocks, every cell cut to fit its column.
 */
export type PdfBlock =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; bold?: boolean; small?: boolean }
  | { kind: 'row'; cells: string[]; bold?: boolean }
  | { kind: 'rule' }
  | { kind: 'gap' };

export interface PdfDocumentInput {
  title: string;
  locale: string;
  direction: Direction;
  now: Date;
  /** Relative widths of a table row's columns; the last columns (amounts) align to the end. */
  columns: number[];
  /** How many of the last columns are amounts (aligned to the end of their cell). */
  amountColumns: number;
  blocks: PdfBlock[];
  /** Printed at the foot of every page (e.g. "Printed … · page"). */
  footer: string;
}

export const MAX_BLOCKS = 3_000;
