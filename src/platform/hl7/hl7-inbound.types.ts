/**
 * The contract between the HL7 listener (platform) and whoever files lab results (the labs module,
 * wired in by the caller of `registerHl7Inbound`). Platform never imports a module, so the shape
 * is declared here and the labs module's `fileInboundLabResult` satisfies it.
 */
export type InboundResultStatus = 'preliminary' | 'final' | 'corrected';

export interface InboundObservation {
  /** LOINC code (OBX-3 whose coding system is LN). */
  loinc: string;
  /** OBX-2 NM (or SN without a comparator). */
  value?: number;
  /** OBX-6 units, as sent (UCUM expected). */
  unit?: string;
  /** OBX-2 ST/TX/FT (TX repetitions joined by a line break), or an SN with a comparator such as "<0.5". */
  text?: string;
  status: InboundResultStatus;
  observedAt?: Date;
}

export interface InboundLabResultInput {
  /** OBR-3 filler order number, else OBR-2 placer order number (the number shown to staff). */
  accessionNumber: string;
  /**
   * Both order numbers as sent, for matching: an outside laboratory quotes OUR accession as the
   * placer number (OBR-2) and gives its own as the filler number (OBR-3); a laboratory that works
   * from our accession sends it in OBR-3. Absent in messages stored before they were kept.
   */
  placerOrderNumber?: string | null;
  fillerOrderNumber?: string | null;
  /** PID-3's identifier of type MR. */
  patientMrn: string;
  results: InboundObservation[];
}

export type InboundLabResultOutcome = { outcome: 'filed'; orderId: string } | { outcome: 'unmatched'; reason: string };

/** Files one order's results: `filed` when an order number (OBR-2 or OBR-3) AND the MRN match the same order, else `unmatched` with why. */
export type InboundLabResultFiler = (input: InboundLabResultInput) => Promise<InboundLabResultOutcome>;

/** MSH fields that identify a message; known as soon as the header parses. */
export interface Hl7MessageHeader {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  controlId: string;
  /** MSH-9 as "ORU^R01". */
  messageType: string;
  version: string;
}

export const HL7_INBOUND_STATUSES = ['received', 'filed', 'unmatched', 'rejected', 'duplicate'] as const;
/** `received` is the moment between claiming a control id and the filer's answer. */
export type Hl7InboundStatus = (typeof HL7_INBOUND_STATUSES)[number];
