import type { Db } from '../../../platform/db/database.js';
import type { InboundLabResultInput, InboundLabResultOutcome } from '../../../platform/hl7/index.js';
import { fileInboundResultsWith } from './lab-results.service.js';

/**
 * The HL7 listener's filer (`registerHl7Inbound(app, { fileResult })`): files an ORU's order group
 * only when its accession number AND its patient's MRN match the same order, else `unmatched` with
 * the reason (the platform keeps the message for reconciliation). The system files it (no person),
 * on the injected clock.
 */
export function fileInboundLabResult(db: Db, now: Date, input: InboundLabResultInput): Promise<InboundLabResultOutcome> {
  return fileInboundResultsWith(db, { actor: null, origin: null, now }, input, 'hl7');
}
