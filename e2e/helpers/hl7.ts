import { MllpTestClient, readAck } from '../../test/helpers/mllp-client.js';

/**
 * An outside laboratory for browser journeys: sends one ORU^R01 over a real MLLP connection to the
 * listener the e2e server runs (playwright.config.ts: HL7_MLLP_PORT on 127.0.0.1, sender
 * LIS^CITYLAB registered) and answers its acknowledgement.
 */
export const E2E_HL7_SENDER = { application: 'LIS', facility: 'CITYLAB' } as const;

export function e2eHl7Port(): number {
  const port = Number(process.env.E2E_HL7_PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('E2E_HL7_PORT is not set: run through playwright.config.ts');
  return port;
}

/** HL7 date and time of an instant, UTC with the offset written (YYYYMMDDHHMMSS+0000). */
function hl7Time(at: Date): string {
  return `${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

export interface OruResult {
  loinc: string;
  name: string;
  value: string;
  unit: string;
}

/**
 * A final ORU^R01 for one order: the patient's MRN (PID-3, type MR), the accession number as the
 * filler order number (OBR-3), one NM OBX per result. No observation time (OBX-14): the app files
 * it at its own clock's time. `sentAt` is only MSH-7, the sender's own clock.
 */
export function oruForOrder(input: { controlId: string; mrn: string; accession: string; results: OruResult[]; sentAt: Date }): string {
  const { application, facility } = E2E_HL7_SENDER;
  return [
    `MSH|^~\\&|${application}|${facility}|CAREWELL|HOSP|${hl7Time(input.sentAt)}||ORU^R01^ORU_R01|${input.controlId}|P|2.5.1`,
    `PID|1||${input.mrn}^^^HOSP^MR||SANTOS^MARIA`,
    `ORC|RE||${input.accession}||CM`,
    `OBR|1||${input.accession}^${facility}|51990-0^Basic metabolic panel^LN`,
    ...input.results.map((r, i) => `OBX|${i + 1}|NM|${r.loinc}^${r.name}^LN||${r.value}|${r.unit}^^UCUM|||||F`),
  ].join('\r');
}

/** Sends one message and answers MSA-1 and MSA-3 of its acknowledgement. */
export async function sendOverMllp(message: string): Promise<{ code: string; reason: string }> {
  const client = await MllpTestClient.connect(e2eHl7Port());
  try {
    client.send(message);
    const [ack] = await client.acknowledgements(1, 30_000);
    const { code, reason } = readAck(ack!);
    return { code, reason };
  } finally {
    await client.end();
  }
}
