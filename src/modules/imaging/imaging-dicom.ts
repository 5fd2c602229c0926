import * as dicomNamespace from 'dicom-parser';

// dicom-parser is a CommonJS bundle: at run time its functions hang off the default export.
const dicomParser = (dicomNamespace as unknown as { default?: typeof dicomNamespace }).default ?? dicomNamespace;

/** What imaging needs from a DICOM instance's header: where it belongs and whose it is. */
export interface DicomInstanceHeader {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  modality: string | null;
  bodyPart: string | null;
  instanceNumber: number | null;
  studyDate: string | null;
  description: string | null;
  /** (0010,0020) and (0010,0010): compared with the order's patient, never stored. */
  patientId: string | null;
  patientName: string | null;
}

const clean = (value: string | undefined, max: number): string | null => {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are replaced
  const text = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text ? text.slice(0, max) : null;
};

const UID = /^[0-9.]{1,64}$/;

/** The header of a DICOM Part 10 file, or null when it is not one or lacks the study/series/instance UIDs. */
export function readInstanceHeader(head: Uint8Array): DicomInstanceHeader | null {
  if (head.length < 132 || Buffer.from(head.buffer, head.byteOffset + 128, 4).toString('latin1') !== 'DICM') return null;
  let dataSet: dicomNamespace.DataSet | undefined;
  try {
    dataSet = dicomParser.parseDicom(head, { untilTag: 'x7fe00010' });
  } catch (error) {
    dataSet = (error as { dataSet?: dicomNamespace.DataSet } | null)?.dataSet;
  }
  if (!dataSet?.elements['x00020010']) return null;
  const study = clean(dataSet.string('x0020000d'), 64);
  const series = clean(dataSet.string('x0020000e'), 64);
  const sop = clean(dataSet.string('x00080018'), 64) ?? clean(dataSet.string('x00020003'), 64);
  if (!study || !series || !sop || !UID.test(study) || !UID.test(series) || !UID.test(sop)) return null;
  const number = Number(clean(dataSet.string('x00200013'), 12));
  const da = /^(\d{4})(\d{2})(\d{2})$/.exec(clean(dataSet.string('x00080020'), 8) ?? '');
  return {
    studyInstanceUid: study,
    seriesInstanceUid: series,
    sopInstanceUid: sop,
    modality: clean(dataSet.string('x00080060'), 16),
    bodyPart: clean(dataSet.string('x00180015'), 64),
    instanceNumber: Number.isInteger(number) ? number : null,
    studyDate: da ? `${da[1]}-${da[2]}-${da[3]}` : null,
    description: clean(dataSet.string('x00081030'), 200),
    patientId: clean(dataSet.string('x00100020'), 64),
    patientName: clean(dataSet.string('x00100010'), 200),
  };
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Whether the header names this patient. Patient ID (0010,0020) must equal the MRN when present;
 * the name (0010,0010, `Family^Given`) must have the same family and given names (case and accents
 * aside) when present; and at least one of them must be present: an anonymous file cannot be
 * proven to be this patient's, so it is refused too.
 */
export function matchesPatient(
  header: Pick<DicomInstanceHeader, 'patientId' | 'patientName'>,
  patient: { mrn: string; givenName: string; familyName: string },
): { ok: true } | { ok: false; reason: 'patient_id' | 'patient_name' | 'no_patient' } {
  if (!header.patientId && !header.patientName) return { ok: false, reason: 'no_patient' };
  if (header.patientId && header.patientId.trim() !== patient.mrn) return { ok: false, reason: 'patient_id' };
  if (header.patientName) {
    const [family = '', given = ''] = header.patientName.split('^');
    if (fold(family) !== fold(patient.familyName) || fold(given).split(' ')[0] !== fold(patient.givenName).split(' ')[0]) {
      return { ok: false, reason: 'patient_name' };
    }
  }
  return { ok: true };
}
