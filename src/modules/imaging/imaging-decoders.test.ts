import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { encodeJpegLosslessFrame, encodeRleFrame } from '../../../test/helpers/dicom-compressed.js';
import { DWV_DECODER_WORKERS } from './imaging-assets.js';
import { sampleSlicePixels } from './imaging-sample-dicom.js';

/**
 * The test studies' compressed frames, decoded by the very worker scripts the viewer serves (run
 * here in a bare context standing in for a worker's `self`): proves the encoders in
 * test/helpers/dicom-compressed.ts write what dwv reads, pixel for pixel.
 */
const workers = path.join(path.dirname(createRequire(import.meta.url).resolve('dwv')), 'assets', 'workers');

function decodeWithWorker(file: string, frame: Buffer, size: number): Uint16Array {
  let listener: ((event: { data: unknown }) => void) | undefined;
  let result: unknown;
  const self = {
    addEventListener: (_type: string, fn: typeof listener) => (listener = fn),
    postMessage: (message: unknown[]) => (result = message[0]),
  };
  vm.runInNewContext(readFileSync(path.join(workers, file), 'utf8'), { self });
  const buffer = new Uint8Array(frame);
  listener!({
    data: {
      buffer,
      meta: { bitsAllocated: 16, isSigned: false, sliceSize: size * size, samplesPerPixel: 1, planarConfiguration: 0 },
    },
  });
  return result as Uint16Array;
}

describe('compressed test studies decode with the served dwv workers', () => {
  const size = 64;
  const pixels = sampleSlicePixels(2, size);
  const expected = Array.from(new Uint16Array(pixels.buffer, pixels.byteOffset, size * size));

  it('serves the four decoders', () => {
    expect(DWV_DECODER_WORKERS).toEqual([
      'jpegbaseline.worker.min.js',
      'jpegloss.worker.min.js',
      'jpeg2000.worker.min.js',
      'rle.worker.min.js',
    ]);
  });

  it('RLE Lossless round-trips through rle.worker', () => {
    const frame = encodeRleFrame(pixels, size, size);
    expect(frame.length).toBeLessThan(pixels.length); // it really is compressed
    expect(Array.from(decodeWithWorker('rle.worker.min.js', frame, size))).toEqual(expected);
  });

  it('JPEG Lossless SV1 round-trips through jpegloss.worker', () => {
    const frame = encodeJpegLosslessFrame(pixels, size, size);
    expect(frame.subarray(0, 4)).toEqual(Buffer.from([0xff, 0xd8, 0xff, 0xc3]));
    expect(Array.from(decodeWithWorker('jpegloss.worker.min.js', frame, size))).toEqual(expected);
  });
});
