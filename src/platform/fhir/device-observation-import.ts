import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { fhirInvalid, fhirIssue } from './operation-outcome.js';
import { validateFhirResource } from './fhir-validation.js';

/**
 * Reads device readings sent as FHIR R4: one `Observation`, or a `Bundle` (any type) of them. Each
 * Observation gives one reading (its LOINC `code` and `valueQuantity`), or one per `component`
 * (a blood-pressure panel's systolic and diastolic). Problems are per entry — an entry that is not
 * a storable reading is returned with its index and location, the others still count — except a
 * body that is neither resource (422 at once). What the values mean (code, unit, range) is checked
 * by the caller, like any manual entry.
 */
export interface DeviceObservationImport {
  readings: ImportedReading[];
  refused: { index: number; path: string; message: string }[];
  /** Patient ids named by `subject` references (`Patient/<id>`): the caller refuses any but the device's. */
  subjects: string[];
}

export interface ImportedReading {
  index: number;
  code: string;
  value: number;
  unit: string;
  effectiveAt: Date;
  /** Where a field of this reading sits in the entry (`value` → `component[0].valueQuantity.value`). */
  pathOf: (field: string) => string;
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const STORABLE: Observation['status'][] = ['preliminary', 'final', 'amended', 'corrected'];
/** A full instant with a zone: a date alone cannot be held to a reading's time. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** Most entries one request may carry (as the JSON batch). */
export const MAX_FHIR_ENTRIES = 1000;

export async function readDeviceObservations(body: unknown): Promise<DeviceObservationImport> {
  const resourceType = (body as Resource | null)?.resourceType;
  if (resourceType !== 'Observation' && resourceType !== 'Bundle') {
    throw fhirInvalid([fhirIssue('resourceType', 'Send an Observation, or a Bundle of Observations.')]);
  }
  const out: DeviceObservationImport = { readings: [], refused: [], subjects: [] };
  if (resourceType === 'Observation') {
    await readEntry(body, 0, 'Observation', out);
    return out;
  }
  const entries = (body as Bundle).entry;
  if (!Array.isArray(entries) || entries.length === 0) throw fhirInvalid([fhirIssue('Bundle.entry', 'The Bundle has no entries.')]);
  if (entries.length > MAX_FHIR_ENTRIES)
    throw fhirInvalid([fhirIssue('Bundle.entry', `Send at most ${MAX_FHIR_ENTRIES} entries in one Bundle.`, 'too-long')]);
  for (const [index, entry] of entries.entries()) {
    const base = `Bundle.entry[${index}].resource`;
    const resource = (entry as { resource?: Resource } | null)?.resource;
    if (resource?.resourceType !== 'Observation') {
      out.refused.push({ index, path: base, message: 'Each entry must be an Observation.' });
      continue;
    }
    await readEntry(resource, index, base, out);
  }
  return out;
}

async function readEntry(resource: unknown, index: number, base: string, out: DeviceObservationImport): Promise<void> {
  const structural = await validateFhirResource(resource);
  if (structural.length > 0) {
    const first = structural[0]!;
    const where = first.expression?.[0]?.replace(/^Observation\.?/, '') ?? '';
    out.refused.push({ index, path: where ? `${base}.${where}` : base, message: first.details?.text ?? 'Not a valid Observation.' });
    return;
  }
  const obs = resource as Observation;
  const refuse = (path: string, message: string) => out.refused.push({ index, path: `${base}.${path}`, message });
  if (!STORABLE.includes(obs.status)) return void refuse('status', 'Send final (or preliminary, amended, corrected) readings.');
  const when = obs.effectiveDateTime ?? obs.effectiveInstant;
  if (!when || !INSTANT.test(when)) return void refuse('effectiveDateTime', 'Give the time of the reading with its time zone.');
  const ref = obs.subject?.reference;
  if (ref !== undefined) {
    const id = /^Patient\/([0-9a-f-]{36})$/i.exec(ref)?.[1];
    if (!id) return void refuse('subject', 'Name the patient as Patient/<id>, or leave the subject out.');
    out.subjects.push(id.toLowerCase());
  }
  const effectiveAt = new Date(when);
  const parts: { prefix: string; code: Observation['code']; quantity: Observation['valueQuantity'] }[] = obs.component?.length
    ? obs.component.map((c, i) => ({ prefix: `component[${i}].`, code: c.code, quantity: c.valueQuantity }))
    : [{ prefix: '', code: obs.code, quantity: obs.valueQuantity }];
  const readings: ImportedReading[] = [];
  for (const part of parts) {
    const loinc = part.code?.coding?.find((c) => c.system === LOINC)?.code;
    if (!loinc) return void refuse(`${part.prefix}code`, 'Code the reading with LOINC (system http://loinc.org).');
    const q = part.quantity;
    if (q?.value === undefined) return void refuse(`${part.prefix}valueQuantity`, 'Give the value as a valueQuantity.');
    if (q.system !== undefined && q.system !== UCUM)
      return void refuse(`${part.prefix}valueQuantity.system`, 'Give the unit as a UCUM code (system http://unitsofmeasure.org).');
    const unit = q.code ?? q.unit;
    if (!unit) return void refuse(`${part.prefix}valueQuantity.code`, 'Give the UCUM code of the unit.');
    const fields: Record<string, string> = {
      code: 'code',
      unit: 'valueQuantity.code',
      value: 'valueQuantity.value',
      effectiveAt: 'effectiveDateTime',
    };
    const prefix = part.prefix;
    readings.push({
      index,
      code: loinc,
      value: q.value,
      unit,
      effectiveAt,
      pathOf: (field) => `${base}.${field === 'effectiveAt' ? '' : prefix}${fields[field] ?? field}`,
    });
  }
  // An entry is stored whole or not at all: a panel with one bad component is refused entire.
  out.readings.push(...readings);
}
