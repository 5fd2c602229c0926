import { describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../../../test/helpers/uploads.js';
import { contradictsDeclared, detectFileType, FILE_TYPES, SNIFF_BYTES } from './file-types.js';

describe('file type detection', () => {
  it('recognises PNG, JPEG, PDF and DICOM by their bytes', () => {
    expect(detectFileType(makePng())?.contentType).toBe('image/png');
    expect(detectFileType(makeJpeg())?.contentType).toBe('image/jpeg');
    expect(detectFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))?.contentType).toBe('application/pdf');
    const dicom = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0, 0])]);
    expect(detectFileType(dicom)?.contentType).toBe('application/dicom');
    expect(SNIFF_BYTES).toBe(132);
  });

  it('refuses look-alikes: HTML, a truncated signature, DICM at the wrong offset, nothing', () => {
    expect(detectFileType(Buffer.from('<!doctype html><script>alert(1)</script>'))).toBeUndefined();
    expect(detectFileType(makePng().subarray(0, 7))).toBeUndefined();
    expect(detectFileType(Buffer.concat([Buffer.alloc(127), Buffer.from('DICM')]))).toBeUndefined();
    expect(detectFileType(Buffer.alloc(0))).toBeUndefined();
  });

  it('finds a declared type or file name that contradicts the bytes', () => {
    const png = FILE_TYPES['image/png'];
    const jpeg = FILE_TYPES['image/jpeg'];
    expect(contradictsDeclared(png, { contentType: 'image/png', filename: 'me.png' })).toBe(false);
    expect(contradictsDeclared(png, { contentType: 'application/octet-stream', filename: 'blob' })).toBe(false);
    expect(contradictsDeclared(jpeg, { contentType: 'image/jpg; charset=binary', filename: 'ME.JPEG' })).toBe(false);
    expect(contradictsDeclared(jpeg, { contentType: 'image/png' })).toBe(true);
    expect(contradictsDeclared(jpeg, { contentType: 'application/octet-stream', filename: 'me.png' })).toBe(true);
    expect(contradictsDeclared(png, { contentType: 'text/html' })).toBe(true);
    expect(contradictsDeclared(png, { filename: 'scan.unknownext' })).toBe(false);
  });
});
