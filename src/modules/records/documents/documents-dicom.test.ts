import { describe, expect, it } from 'vitest';
import { makeDicom } from '../../../../test/helpers/dicom.js';
import { hasDicomMagic, readDicomMetadata } from './documents-dicom.js';

describe('DICOM metadata', () => {
  it('reads modality, study date and description', () => {
    const file = makeDicom({ studyDate: '20261120', modality: 'CT', description: 'CT CHEST W/O CONTRAST' });
    expect(hasDicomMagic(file)).toBe(true);
    expect(readDicomMetadata(file)).toEqual({ modality: 'CT', studyDate: '2026-11-20', description: 'CT CHEST W/O CONTRAST' });
  });

  it('keeps what precedes a cut in a truncated header', () => {
    const file = makeDicom({ studyDate: '20261120', modality: 'MR', description: 'BRAIN', padding: 4000 });
    expect(readDicomMetadata(file.subarray(0, file.length - 1000))).toEqual({
      modality: 'MR',
      studyDate: '2026-11-20',
      description: 'BRAIN',
    });
  });

  it('gives nulls for absent or invalid values', () => {
    expect(readDicomMetadata(makeDicom({ studyDate: '20261340' }))).toEqual({ modality: null, studyDate: null, description: null });
  });

  it('refuses bytes without the DICM magic or without file meta information', () => {
    const file = makeDicom({ modality: 'CT' });
    const noMagic = Buffer.from(file);
    noMagic.write('DICX', 128, 'latin1');
    expect(hasDicomMagic(noMagic)).toBe(false);
    expect(readDicomMetadata(noMagic)).toBeNull();
    expect(readDicomMetadata(Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from('garbage!')]))).toBeNull();
    expect(readDicomMetadata(Buffer.alloc(10))).toBeNull();
  });
});
