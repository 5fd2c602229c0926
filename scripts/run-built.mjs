// `npm start` and `npm run worker`: builds dist/ if it is stale, then runs the compiled entry in
// this same process. One process instead of a `prestart` script and then the server saves a shell
// and a Node start-up on every launch.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuild } from './ensure-build.mjs';

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run-built.mjs dist/<entry>.js\n');
  process.exit(2);
}
ensureBuild();
process.argv.splice(2, 1); // the entry sees the arguments meant for it
await import(pathToFileURL(path.resolve(entry)).href);
