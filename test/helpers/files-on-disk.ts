import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every file under a directory (recursively), or none when it does not exist: what a test finds on disk. */
export function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
  } catch {
    return [];
  }
}
