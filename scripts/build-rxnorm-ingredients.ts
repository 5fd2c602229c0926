/**
 * Builds the medicine ingredient catalogue that the medications module ships in
 * `src/modules/medications/reference/rxnorm-ingredients-2014.tsv.gz`. The product never reads the
 * source folder at run time; rerun this only to refresh the list (see reference/NOTICE.md).
 *
 *   npx tsx scripts/build-rxnorm-ingredients.ts <sourceDir>
 *
 * <sourceDir> holds `ingredient_name_rxcui.tsv` (VA NDF-RT ↔ RxNorm, 2014) and
 * `fda_substance_unii_rxcui.tsv` (FDA UNII ↔ RxNorm, April 2014).
 *
 * Output columns: `rxcui`, `name` (lower case), `preferred` (1 on the one display name per RxCUI).
 * Kept: every FDA substance name, and the NDF-RT rows that name an ingredient (kinds
 * "Chemical/Ingredient" and "(VA ingredient name)") once the VA's 50-character truncation debris is
 * removed. Dropped: VA products, dose forms and classes, names carrying a strength ("5mg", "0.1%"),
 * and names cut off at the 50-character limit (they would show half a word).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const sourceDir = process.argv[2];
if (!sourceDir) throw new Error('usage: npx tsx scripts/build-rxnorm-ingredients.ts <sourceDir>');
const outFile = path.resolve('src/modules/medications/reference/rxnorm-ingredients-2014.tsv.gz');

function readTsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path.join(sourceDir!, file), 'utf8').split('\n');
  const columns = header!.trim().split('\t');
  return rows
    .filter((line) => line.trim())
    .map((line) => {
      const cells = line.replace(/\r$/, '').split('\t');
      return Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? '').trim()]));
    });
}

const VA_NAME_LIMIT = 50;
/** Removes a trailing, possibly truncated " [chemical/ingredient]" label. */
function withoutKindLabel(name: string): string {
  const at = name.lastIndexOf(' [');
  if (at < 0) return name;
  const tail = name.slice(at + 2);
  return tail.length >= 1 && 'chemical/ingredient]'.startsWith(tail) ? name.slice(0, at) : name;
}
const PRODUCT_SUFFIX = /\[v(a( p[a-z]*\]?)?)?$|\[$/;
const STRENGTH = /\d(\.\d+)?\s*(mg|mcg|gm|g|ml|unt|units?|unit|meq|mmol|iu|pnu|%)\b|\d%/;
const DOSE_FORM_TAIL = /,(tab|cap|inj|soln|susp|oint|cream|top|oph|otic|oral|rtl|vag|pwdr|syr|vil|ud)\b/;

const names = new Map<string, Set<string>>(); // rxcui → names
const fdaNames = new Map<string, Set<string>>();
const vaNames = new Map<string, Set<string>>();
const add = (map: Map<string, Set<string>>, rxcui: string, name: string) => {
  const set = map.get(rxcui) ?? new Set<string>();
  set.add(name);
  map.set(rxcui, set);
};
const clean = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();

for (const row of readTsv('fda_substance_unii_rxcui.tsv')) {
  const rxcui = row.rxcui!;
  const name = clean(row.fda_preferred_substance_name!);
  if (!/^\d+$/.test(rxcui) || !name) continue;
  add(names, rxcui, name);
  add(fdaNames, rxcui, name);
}

for (const row of readTsv('ingredient_name_rxcui.tsv')) {
  if (row.ndfrt_kind !== 'Chemical/Ingredient' && row.ndfrt_kind !== '(VA ingredient name)') continue;
  const rxcui = row.rxcui!;
  const raw = clean(row.name!);
  if (!/^\d+$/.test(rxcui) || PRODUCT_SUFFIX.test(raw)) continue;
  const stripped = withoutKindLabel(raw).trim();
  // Cut at the limit with no kind label removed: the name itself may be cut mid-word.
  if (stripped === raw && raw.length >= VA_NAME_LIMIT - 1) continue;
  if (!stripped || stripped.includes('[') || STRENGTH.test(stripped) || DOSE_FORM_TAIL.test(stripped)) continue;
  add(names, rxcui, stripped);
  add(vaNames, rxcui, stripped);
}

/**
 * The display name: a name both sources give (shortest), else the VA's (clinical usage: "simvastatin",
 * where the FDA's shortest synonym is "synvinolin"), else the FDA's.
 */
function preferredName(rxcui: string): string {
  const fda = fdaNames.get(rxcui) ?? new Set<string>();
  const va = vaNames.get(rxcui) ?? new Set<string>();
  const both = [...fda].filter((n) => va.has(n));
  const pool = both.length > 0 ? both : va.size > 0 ? [...va] : [...fda];
  return pool.sort((a, b) => a.length - b.length || a.localeCompare(b))[0]!;
}

const lines: string[] = [];
let ingredients = 0;
for (const rxcui of [...names.keys()].sort((a, b) => Number(a) - Number(b))) {
  const preferred = preferredName(rxcui);
  ingredients++;
  lines.push(`${rxcui}\t${preferred}\t1`);
  for (const name of [...names.get(rxcui)!].sort()) if (name !== preferred) lines.push(`${rxcui}\t${name}\t0`);
}
writeFileSync(outFile, gzipSync(`rxcui\tname\tpreferred\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${ingredients} ingredients, ${lines.length} names to ${path.relative(process.cwd(), outFile)}`);
