import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';

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
      writeFileSync(file, `${JSON.stringify(generateVapidKeys())}\n`, { mode: 0o600, flag: 'wx' });
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

/**
 * A VAPID key pair as web-push's `generateVAPIDKeys` gives it (a P-256 key: the public key as the
 * uncompressed point, the private key as its 32-byte scalar, both base64url), made with node:crypto
 * so that starting the server does not load web-push (it loads on the first push sent).
 */
export function generateVapidKeys(): VapidKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const point = publicKey.export({ format: 'jwk' });
  const uncompressed = Buffer.concat([Buffer.from([0x04]), Buffer.from(point.x!, 'base64url'), Buffer.from(point.y!, 'base64url')]);
  return { publicKey: uncompressed.toString('base64url'), privateKey: privateKey.export({ format: 'jwk' }).d! };
}
