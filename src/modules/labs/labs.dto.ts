import type { LabOrderRow, LabResultRow } from './services/lab-orders.service.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const patientLabelDto = (p: { id: string; mrn: string; givenName: string; familyName: string }) => ({
  id: p.id,
  mrn: p.mrn,
  name: `${p.givenName} ${p.familyName}`,
});

export function orderDto(o: LabOrderRow) {
  return {
    id: o.id,
    patientId: o.patientId,
    encounterId: o.encounterId,
    orderedBy: o.orderedBy,
    itemKind: o.itemKind,
    itemCode: o.itemCode,
    itemName: o.itemName,
    tests: o.testCodes,
    priority: o.priority,
    indication: o.indication,
    fasting: o.fasting,
    status: o.status,
    resultStatus: o.resultStatus,
    accessionNumber: o.accessionNumber,
    sendOut: o.sendOut,
    fillerOrderNumber: o.fillerOrderNumber,
    specimen: o.specimen,
    orderedAt: o.orderedAt.toISOString(),
    collectedAt: iso(o.collectedAt),
    receivedAt: iso(o.receivedAt),
    resultedAt: iso(o.resultedAt),
    reviewedAt: iso(o.reviewedAt),
    reviewComment: o.reviewComment,
    cancelledAt: iso(o.cancelledAt),
    cancelReason: o.cancelReason,
    version: o.version,
  };
}

export function resultDto(r: LabResultRow) {
  return {
    id: r.id,
    test: r.testCode,
    loinc: r.loinc,
    value: r.value,
    unit: r.unit,
    text: r.text,
    enteredValue: r.enteredValue,
    enteredUnit: r.enteredUnit,
    flag: r.flag,
    rangeLow: r.rangeLow,
    rangeHigh: r.rangeHigh,
    status: r.status,
    source: r.source,
    observedAt: r.observedAt.toISOString(),
    supersededAt: iso(r.supersededAt),
  };
}
