/**
 * A small, valid DICOM Part 10 image (explicit VR little endian, 16-bit MONOCHROME2) made in code:
 * for tests and the browser test, so no sample file is downloaded or committed. The pixels are a
 * gradient with a bright square whose place depends on the instance number, so slices differ.
 * A test helper (`test/helpers/dicom-compressed.ts`) encodes the same pixels as RLE or JPEG.
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
    return Buffer.concat([head, long, data]);
  }
  head.writeUInt16LE(data.length, 6);
  return Buffer.concat([head, data]);
}

const us = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};

/**
 * Compressed pixel data (encoded by a test helper): the transfer syntax, the one frame's bytes,
 * and the image pixel module when it differs from the uncompressed 16-bit MONOCHROME2 default.
 */
export interface SampleCompressedPixels {
  transferSyntaxUid: string;
  frame: Buffer;
  image?: { samplesPerPixel: number; photometric: string; bitsAllocated: number; bitsStored: number; pixelRepresentation?: number };
}

export interface SampleDicomFields {
  patientId?: string | null;
  patientName?: string | null;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  instanceNumber?: number;
  modality?: string;
  bodyPart?: string;
  size?: number;
  /** Without it the pixels are native (explicit VR little endian). */
  compressed?: SampleCompressedPixels;
}

/** The sample's native pixels: 16-bit little endian, a gradient with a square that moves with `n`. */
export function sampleSlicePixels(n: number, size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inSquare = Math.abs(x - ((n * 5) % size)) < 4 && Math.abs(y - size / 2) < 4;
      pixels.writeUInt16LE(inSquare ? 4000 : (x + y) * 30, (y * size + x) * 2);
    }
  }
  return pixels;
}

const tagged = (group: number, elementNo: number, length: number) => {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elementNo, 2);
  head.writeUInt32LE(length, 4);
  return head;
};

/** Encapsulated Pixel Data (PS3.5 A.4): undefined length, an empty offset table, one fragment per frame. */
function encapsulated(frame: Buffer): Buffer {
  const fragment = frame.length % 2 ? Buffer.concat([frame, Buffer.from([0])]) : frame;
  const head = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  return Buffer.concat([head, tagged(0xfffe, 0xe000, 0), tagged(0xfffe, 0xe000, fragment.length), fragment, tagged(0xfffe, 0xe0dd, 0)]);
}

export function makeImagingDicom(fields: SampleDicomFields = {}): Buffer {
  const n = fields.instanceNumber ?? 1;
  const size = fields.size ?? 32;
  const study = fields.studyInstanceUid ?? '1.2.826.0.1.3680043.8.498.1';
  const series = fields.seriesInstanceUid ?? `${study}.1`;
  const sop = `${series}.${n}`;
  const sopClass = '1.2.840.10008.5.1.4.1.1.2'; // CT Image Storage
  const meta = Buffer.concat([
    element(0x0002, 0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 0x0002, 'UI', sopClass),
    element(0x0002, 0x0003, 'UI', sop),
    element(0x0002, 0x0010, 'UI', fields.compressed?.transferSyntaxUid ?? '1.2.840.10008.1.2.1'),
  ]);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length);
  const image = fields.compressed?.image ?? { samplesPerPixel: 1, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12 };
  const parts = [
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0000, 'UL', groupLength),
    meta,
    element(0x0008, 0x0016, 'UI', sopClass),
    element(0x0008, 0x0018, 'UI', sop),
    element(0x0008, 0x0020, 'DA', '20261120'),
    element(0x0008, 0x0060, 'CS', fields.modality ?? 'CT'),
    element(0x0008, 0x1030, 'LO', 'TEST STUDY'),
  ];
  if (fields.patientName !== null) parts.push(element(0x0010, 0x0010, 'PN', fields.patientName ?? 'Test^Patient'));
  if (fields.patientId !== null) parts.push(element(0x0010, 0x0020, 'LO', fields.patientId ?? '1'));
  parts.push(
    element(0x0018, 0x0015, 'CS', fields.bodyPart ?? 'CHEST'),
    element(0x0020, 0x000d, 'UI', study),
    element(0x0020, 0x000e, 'UI', series),
    element(0x0020, 0x0013, 'IS', String(n)),
    element(0x0020, 0x0032, 'DS', `0\\0\\${n * 5}`),
    element(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'),
    element(0x0028, 0x0002, 'US', us(image.samplesPerPixel)),
    element(0x0028, 0x0004, 'CS', image.photometric),
  );
  if (image.samplesPerPixel > 1) parts.push(element(0x0028, 0x0006, 'US', us(0)));
  parts.push(
    element(0x0028, 0x0010, 'US', us(size)),
    element(0x0028, 0x0011, 'US', us(size)),
    element(0x0028, 0x0030, 'DS', '1\\1'),
    element(0x0028, 0x0100, 'US', us(image.bitsAllocated)),
    element(0x0028, 0x0101, 'US', us(image.bitsStored)),
    element(0x0028, 0x0102, 'US', us(image.bitsStored - 1)),
    element(0x0028, 0x0103, 'US', us(image.pixelRepresentation ?? 0)),
  );
  if (image.samplesPerPixel === 1 && image.bitsAllocated === 16) {
    parts.push(element(0x0028, 0x1050, 'DS', '2000'), element(0x0028, 0x1051, 'DS', '4000'));
  }
  parts.push(fields.compressed ? encapsulated(fields.compressed.frame) : element(0x7fe0, 0x0010, 'OW', sampleSlicePixels(n, size)));
  return Buffer.concat(parts);
}
