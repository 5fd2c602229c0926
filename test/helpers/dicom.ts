/**
 * A minimal valid DICOM Part 10 file: 128-byte preamble, "DICM", file meta information (group
 * 0002, explicit VR little endian) and a data set with study date, modality and description.
 */
function element(group: number, elementNo: number, vr: string, value: string | Buffer): Buffer {
  let data = typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
  if (data.length % 2 === 1) data = Buffer.concat([data, Buffer.from(vr === 'UI' || vr === 'OB' ? [0] : [0x20])]);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNo, 2);
  head.write(vr, 4, 'latin1');
  if (vr === 'OB' || vr === 'OW' || vr === 'UN' || vr === 'SQ' || vr === 'UT') {
    const long = Buffer.alloc(4);
    long.writeUInt32LE(data.length);
    return Buffer.concat([head, long, data]); // 2 reserved bytes are the zeros at 6..7
  }
  head.writeUInt16LE(data.length, 6);
  return Buffer.concat([head, data]);
}

export interface DicomFields {
  studyDate?: string;
  modality?: string;
  description?: string;
  /** Extra bytes after the data set (e.g. to test size limits). */
  padding?: number;
}

export function makeDicom(fields: DicomFields = {}): Buffer {
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    element(0x0002, 0x0003, 'UI', '1.2.826.0.1.3680043.2.1125.1'),
    element(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1'),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  const parts = [Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0002, 0x0000, 'UL', groupLength), meta];
  if (fields.studyDate !== undefined) parts.push(element(0x0008, 0x0020, 'DA', fields.studyDate));
  if (fields.modality !== undefined) parts.push(element(0x0008, 0x0060, 'CS', fields.modality));
  if (fields.description !== undefined) parts.push(element(0x0008, 0x1030, 'LO', fields.description));
  if (fields.padding) parts.push(element(0x0009, 0x1001, 'OB', Buffer.alloc(fields.padding, 0x41)));
  return Buffer.concat(parts);
}
