import path from 'node:path';
import type { Logger } from 'pino';
import { deriveKey } from '../crypto.js';
import { FileKeyring } from './file-crypto.js';
import { LocalFileStore } from './file-store.js';
import { FileService } from './files.service.js';

export { FileService, type StoreUploadInput, type StoredFile } from './files.service.js';
export { LocalFileStore, type FileStore, type PendingObject } from './file-store.js';
export { FILE_TYPES, detectFileType, type FileTypeName } from './file-types.js';
export { storedFiles } from './files.tables.js';
export { readUploadFields, takeUpload, type PendingUpload } from './multipart-upload.js';

/** The current master key version for files; a new version is added here when keys rotate. */
export const CURRENT_FILE_KEY_ID = 'v1';

/** Master keys derived from the app secret, one per version (docs/files.md: rotation). */
export function fileKeyring(appSecret: string): FileKeyring {
  return new FileKeyring(new Map([['v1', deriveKey(appSecret, 'files-v1')]]), CURRENT_FILE_KEY_ID);
}

/** The configured file service: `$DATA_DIR/files` (an S3-compatible store is the next FileStore). */
export function createFileService(options: { dataDir: string; appSecret: string; logger: Logger }): FileService {
  return new FileService(new LocalFileStore(path.join(options.dataDir, 'files')), fileKeyring(options.appSecret), options.logger);
}
