import * as dicomNamespace from 'dicom-parser';

/**
 * DICOM metadata for the record: modality (0008,0060), study date (0008,0020) and study
 * description (0008,1030). Only the header is needed, so the caller hands over the first bytes of
 * the file (DICOM_HEADER_BYTES); a header cut short keeps whatever was parsed before the cut.
 */
export interface DicomMetadata {
  modality: string | null;
  /** ISO date (YYYY-MM-DD), or null when absent or not a valid DA value. */
  studyDate: string | null;
  description: string | null;
}

/** How much of the start of a DICOM file is kept for parsing (the tags we read precede pixel data). */
export const DICOM_HEADER_BYTES = 1024 * 1024;

// dicom-parser is a CommonJS bundle: at run time its functions hang off the default export.
const dicomParser = (dicomNamespace as unknown as { default?: typeof dicomNamespace }).default ?? dicomNamespace;

const DICM = Buffer.from('DICM', 'latin1');

export function hasDicomMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && Buffer.from(bytes.buffer, bytes.byteOffset + 128, 4).equals(DICM);
}

const clean = (value: string | undefined, max: number): string | null => {
  // Control characters never reach a page or a row; values are short codes and descriptions.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point: they are replaced
  const text = (value ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return text ? text.slice(0, max) : null;
};

function isoDate(da: string | null): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da ?? '');
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) ? `${y}-${mo}-${d}` : null;
}

/**
 * Reads the metadata, or returns null when the bytes are not a readable DICOM Part 10 file (no
 * `DICM` after the preamble, or no file meta information).
 */
export function readDicomMetadata(header: Uint8Array): DicomMetadata | null {
  if (!hasDicomMagic(header)) return null;
  let dataSet: dicomNamespace.DataSet | undefined;
  try {
    dataSet = dicomParser.parseDicom(header, { untilTag: 'x7fe00010' });
    if (!dataSet.elements['x00020010']) return null; // no transfer syntax: no file meta information
  } catch (error) {
    // The meta information was read, the data set was cut short (we keep only the first bytes):
    // dicom-parser hands over what it parsed before the cut. Any other failure is not DICOM.
    dataSet = (error as { dataSet?: dicomNamespace.DataSet } | null)?.dataSet;
    if (!dataSet) return null;
  }
  return {
    modality: clean(dataSet.string('x00080060'), 16),
    studyDate: isoDate(clean(dataSet.string('x00080020'), 8)),
    description: clean(dataSet.string('x00081030'), 200),
  };
}
