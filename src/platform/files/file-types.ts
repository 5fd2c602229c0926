/**
 * File types recognised by their leading bytes ("magic numbers"). The declared content type and
 * the file name are only ever checked against what the bytes say, never trusted on their own.
 * Adding a type is one entry here.
 */
export interface FileType {
  contentType: string;
  /** The extension used in download names. */
  extension: string;
  /** Other extensions and declared types that name the same thing. */
  aliases: { extensions: string[]; contentTypes: string[] };
  signatures: { offset: number; bytes: Buffer }[];
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

export const FILE_TYPES = {
  'image/png': {
    contentType: 'image/png',
    extension: 'png',
    aliases: { extensions: [], contentTypes: [] },
    signatures: [{ offset: 0, bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) }],
  },
  'image/jpeg': {
    contentType: 'image/jpeg',
    extension: 'jpg',
    aliases: { extensions: ['jpeg', 'jpe'], contentTypes: ['image/jpg', 'image/pjpeg'] },
    // SOI followed by the first marker's 0xFF.
    signatures: [{ offset: 0, bytes: Buffer.from([0xff, 0xd8, 0xff]) }],
  },
  'application/pdf': {
    contentType: 'application/pdf',
    extension: 'pdf',
    aliases: { extensions: [], contentTypes: [] },
    signatures: [{ offset: 0, bytes: ascii('%PDF-') }],
  },
  'application/dicom': {
    contentType: 'application/dicom',
    extension: 'dcm',
    aliases: { extensions: ['dicom'], contentTypes: [] },
    // DICOM Part 10: a 128-byte preamble, then "DICM".
    signatures: [{ offset: 128, bytes: ascii('DICM') }],
  },
} as const satisfies Record<string, FileType>;

export type FileTypeName = keyof typeof FILE_TYPES;

/** How many leading bytes detection needs: collect this many before deciding. */
export const SNIFF_BYTES = Math.max(...Object.values(FILE_TYPES).flatMap((t) => t.signatures.map((s) => s.offset + s.bytes.length)));

/** The type the bytes start with, or undefined. */
export function detectFileType(head: Buffer): FileType | undefined {
  return Object.values(FILE_TYPES).find((type) =>
    type.signatures.some(
      (s) => head.length >= s.offset + s.bytes.length && head.subarray(s.offset, s.offset + s.bytes.length).equals(s.bytes),
    ),
  );
}

/** Declared types that say nothing (browsers send octet-stream for files they cannot name). */
const NEUTRAL_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Whether what the client declared (content type, file name) contradicts the sniffed type. An
 * unknown extension or a neutral type is no contradiction; `.png` holding JPEG bytes is.
 */
export function contradictsDeclared(type: FileType, declared: { contentType?: string; filename?: string }): boolean {
  const declaredType = (declared.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (
    !NEUTRAL_TYPES.has(declaredType) &&
    declaredType !== type.contentType &&
    !(type.aliases.contentTypes as readonly string[]).includes(declaredType)
  ) {
    return true;
  }
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(declared.filename ?? '')?.[1]?.toLowerCase();
  if (!extension) return false;
  const owner = Object.values(FILE_TYPES).find(
    (t) => t.extension === extension || (t.aliases.extensions as readonly string[]).includes(extension),
  );
  return owner !== undefined && owner.contentType !== type.contentType;
}
