/**
 * Builds the allergy substance reference list (RxNorm ingredient names, 2014 vintage) that the
 * patients module ships in `src/modules/patients/reference/allergy-substances.tsv.gz`.
 * The product never reads the source folder at run time; rerun this only to refresh the list.
 *
 *   npx tsx scripts/build-allergy-substances.ts <sourceDir>
 *
 * Rules (see the source's SOURCE.md): ingredient rows only (ndfrt_kind "Chemical/Ingredient" or
 * "(VA ingredient name)") plus the FDA substance names; names lower-cased and de-duplicated; product
 * strings (strengths, dose forms) and truncated VA labels skipped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const sourceDir = process.argv[2] ?? '';
if (!sourceDir) {
  process.stderr.write('usage: npx tsx scripts/build-allergy-substances.ts <folder of the rxnorm-ingredients-ndfrt-2014 source files>\n');
  process.exit(2);
}
const outFile = path.resolve('src/modules/patients/reference/allergy-substances.tsv.gz');

const INGREDIENT_KINDS = new Set(['Chemical/Ingredient', '(VA ingredient name)']);
/** A strength ("5mg", "10000pnu/ml", "1.2million unt") or a dose form marks a product, not a substance. */
const PRODUCT_PATTERN =
  /\d\s*(mg|mcg|gm?|ml|l|unt|units?|iu|meq|mmol|pnu|million|%)\b|\b(tab|tabs|cap|caps|inj|soln|susp|oint|crm|cream|vil|amp|syr|elixir|supp|patch|lotion|gel|powder|pwdr|spray|drops)\b|\[va/;

export function cleanName(raw: string): string | undefined {
  let name = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  // VA labels are truncated at 50 characters, e.g. "... [chemical/ing": drop the bracketed tail.
  name = name.replace(/\s*\[(chemical|chem)[^\]]*\]?$/, '').trim();
  if (!name || name.length > 120 || name.includes('[') || PRODUCT_PATTERN.test(name)) return undefined;
  return name;
}

function readTsv(file: string): string[][] {
  const [, ...rows] = readFileSync(path.join(sourceDir, file), 'utf8').split('\n');
  return rows.filter((line) => line.trim()).map((line) => line.split('\t'));
}

function build(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const [rxcui, name, , kind] of readTsv('ingredient_name_rxcui.tsv')) {
    if (!rxcui || !name || !INGREDIENT_KINDS.has(kind ?? '')) continue;
    const clean = cleanName(name);
    if (clean && !byName.has(clean)) byName.set(clean, rxcui);
  }
  for (const [name, , rxcui] of readTsv('fda_substance_unii_rxcui.tsv')) {
    if (!rxcui || !name) continue;
    const clean = cleanName(name);
    if (clean && !byName.has(clean)) byName.set(clean, rxcui.trim());
  }
  return byName;
}

const byName = build();
const lines = [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, rxcui]) => `${rxcui}\t${name}`);
writeFileSync(outFile, gzipSync(`rxcui\tname\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${lines.length} substances to ${path.relative(process.cwd(), outFile)}`);
