import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * VAPID keys identify this server to browsers' push services. They come from VAPID_PUBLIC_KEY and
 * VAPID_PRIVATE_KEY, or are generated once into DATA_DIR with mode 0600 (like the app secret):
 * changing them invalidates every browser's subscription, so they must be kept with the data.
 */
export function resolveVapidKeys(configured: VapidKeys | undefined, dataDir: string): VapidKeys {
  if (configured) return configured;
  const file = path.join(dataDir, 'vapid-keys.json');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${JSON.stringify(webpush.generateVAPIDKeys())}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      // Another process generated them first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const keys = JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
  if (!keys.publicKey || !keys.privateKey) throw new Error(`${file} does not hold a VAPID key pair; delete it to generate a new one`);
  return keys;
}

/** Resolved on first use, so an app that never pushes never touches the data directory. */
export function lazyVapidKeys(configured: VapidKeys | undefined, dataDir: string): () => VapidKeys {
  let keys: VapidKeys | undefined;
  return () => (keys ??= resolveVapidKeys(configured, dataDir));
}
