import { makeImagingDicom, sampleSlicePixels, type SampleCompressedPixels } from '../../src/modules/imaging/index.js';

/**
 * Compressed versions of the generated imaging study, encoded here in plain TypeScript so that no
 * sample file is downloaded or committed: RLE Lossless (PS3.5 Annex G) and JPEG Lossless,
 * first-order prediction (process 14, selection value 1, ITU-T T.81 Annex H). JPEG baseline is made
 * by the browser test with Chromium's canvas encoder (no JPEG encoder is a dependency here).
 */

export const RLE_LOSSLESS = '1.2.840.10008.1.2.5';
export const JPEG_LOSSLESS_SV1 = '1.2.840.10008.1.2.4.70';
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

/** PackBits of one row: runs of three or more equal bytes replicate, the rest are literals (≤ 128 each). */
function packBitsRow(row: Uint8Array, out: number[]): void {
  let i = 0;
  while (i < row.length) {
    let run = 1;
    while (i + run < row.length && run < 128 && row[i + run] === row[i]) run++;
    if (run >= 3) {
      out.push(257 - run, row[i]!); // -(run - 1) as a byte
      i += run;
      continue;
    }
    const start = i;
    while (i < row.length && i - start < 128) {
      if (i + 2 < row.length && row[i] === row[i + 1] && row[i] === row[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...row.subarray(start, i));
  }
}

/**
 * RLE Lossless frame of 16-bit single-sample pixels (little endian in `pixels`): a 64-byte header
 * with two segment offsets, the high bytes' segment then the low bytes', each row encoded on its
 * own. A segment of odd length gets a -128 (no-op) byte, so every segment is even.
 */
export function encodeRleFrame(pixels: Buffer, columns: number, rows: number): Buffer {
  const segments = [1, 0].map((byte) => {
    const out: number[] = [];
    const row = new Uint8Array(columns);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) row[x] = pixels[(y * columns + x) * 2 + byte]!;
      packBitsRow(row, out);
    }
    if (out.length % 2) out.push(128);
    return Buffer.from(out);
  });
  const header = Buffer.alloc(64);
  header.writeUInt32LE(segments.length, 0);
  header.writeUInt32LE(64, 4);
  header.writeUInt32LE(64 + segments[0]!.length, 8);
  return Buffer.concat([header, ...segments]);
}

/** Writes bits most significant first, stuffing a zero byte after every 0xFF (T.81 F.1.2.3). */
class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private count = 0;
  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.current = (this.current << 1) | ((value >> bit) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }
  finish(): Buffer {
    if (this.count) this.write(0xff, 8 - this.count); // pad with ones
    return Buffer.from(this.bytes);
  }
  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.count = 0;
  }
}

const segment = (marker: number, body: number[]) => Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);

/**
 * JPEG Lossless SV1 frame, 16-bit precision, one component. The Huffman table gives each of the 17
 * difference categories a 5-bit code (codes 0…16, so never the all-ones code), simple and valid.
 */
export function encodeJpegLosslessFrame(pixels: Buffer, columns: number, rows: number): Buffer {
  const precision = 16;
  const at = (x: number, y: number) => pixels.readUInt16LE((y * columns + x) * 2);
  const bits = new BitWriter();
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const predicted = x === 0 && y === 0 ? 1 << (precision - 1) : x === 0 ? at(0, y - 1) : at(x - 1, y);
      let diff = (at(x, y) - predicted) & 0xffff;
      if (diff >= 0x8000) diff -= 0x10000; // modulo 2^16, as T.81 H.1.2.1 defines the difference
      const magnitude = Math.abs(diff);
      const category = diff === -0x8000 ? 16 : magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
      bits.write(category, 5);
      if (category > 0 && category < 16) bits.write(diff > 0 ? diff : diff - 1 + (1 << category), category);
    }
  }
  const counts = Array.from({ length: 16 }, (_, i) => (i === 4 ? 17 : 0));
  const symbols = Array.from({ length: 17 }, (_, i) => i);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xc3, [precision, rows >> 8, rows & 0xff, columns >> 8, columns & 0xff, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, ...counts, ...symbols]),
    segment(0xda, [1, 1, 0x00, 1, 0, 0]), // one component, table 0, predictor 1, Se 0, point transform 0
    bits.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}

type StudyFields = Omit<Parameters<typeof makeImagingDicom>[0] & object, 'compressed'>;

/** The generated slice `instanceNumber`, its pixels compressed with RLE or JPEG Lossless. */
export function makeCompressedImagingDicom(kind: 'rle' | 'jpeg-lossless', fields: StudyFields): Buffer {
  const n = fields.instanceNumber ?? 1;
  const size = fields.size ?? 32;
  const pixels = sampleSlicePixels(n, size);
  const compressed: SampleCompressedPixels =
    kind === 'rle'
      ? { transferSyntaxUid: RLE_LOSSLESS, frame: encodeRleFrame(pixels, size, size) }
      : { transferSyntaxUid: JPEG_LOSSLESS_SV1, frame: encodeJpegLosslessFrame(pixels, size, size) };
  return makeImagingDicom({ ...fields, compressed });
}

/** A JPEG baseline study from a JPEG file's bytes (8-bit YCbCr, as a browser's encoder writes it). */
export function makeJpegBaselineImagingDicom(jpeg: Buffer, fields: StudyFields): Buffer {
  return makeImagingDicom({
    ...fields,
    compressed: {
      transferSyntaxUid: JPEG_BASELINE,
      frame: jpeg,
      image: { samplesPerPixel: 3, photometric: 'YBR_FULL_422', bitsAllocated: 8, bitsStored: 8 },
    },
  });
}
