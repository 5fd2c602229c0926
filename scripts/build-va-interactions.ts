/**
 * Builds the VA NDF-RT drug interaction pairs (July 2014) that the medications module ships in
 * `src/modules/medications/reference/va-interactions-2014.tsv.gz`. The product never reads the
 * source folder at run time; rerun this only to refresh the list (see reference/NOTICE.md).
 *
 *   npx tsx scripts/build-va-interactions.ts <sourceDir>
 *
 * <sourceDir> holds `ndfrt_va_drug_interactions_2014.tsv`. Rows without an RxCUI on both sides are
 * dropped (vaccines, St John's wort, dabigatran: 123 rows). A side that names a salt ("atorvastatin
 * calcium") also gets the RxCUI of its base ingredient when the name without the salt word is an
 * ingredient name of the shipped catalogue, so a product coded by its base ingredient matches.
 * Output columns: `rxcuis_a`, `rxcuis_b` ('|'-separated), `severity` (critical/significant), `drug_a`, `drug_b`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const sourceDir = process.argv[2];
if (!sourceDir) throw new Error('usage: npx tsx scripts/build-va-interactions.ts <sourceDir>');
const outFile = path.resolve('src/modules/medications/reference/va-interactions-2014.tsv.gz');
const catalogueFile = path.resolve('src/modules/medications/reference/rxnorm-ingredients-2014.tsv.gz');

const rxcuiByName = new Map<string, string[]>();
for (const line of gunzipSync(readFileSync(catalogueFile)).toString('utf8').split('\n').slice(1)) {
  const [rxcui, name] = line.split('\t');
  if (rxcui && name) rxcuiByName.set(name, [...(rxcuiByName.get(name) ?? []), rxcui]);
}

const SALT_WORDS = new Set(
  'acetate besylate bitartrate bromide calcium citrate disodium dihydrochloride fumarate hbr hcl hydrobromide hydrochloride hyclate lactate magnesium maleate mesylate monohydrate na napsylate phosphate po4 potassium so4 sodium succinate sulfate tartrate trihydrate'.split(
    ' ',
  ),
);

/** The base ingredient's RxCUIs of a salt name: the name without its trailing salt words, if the catalogue knows it. */
function baseRxcuis(name: string): string[] {
  const words = name.split(' ');
  let end = words.length;
  while (end > 1 && SALT_WORDS.has(words[end - 1]!)) end--;
  return end < words.length ? (rxcuiByName.get(words.slice(0, end).join(' ')) ?? []) : [];
}

const [header, ...rows] = readFileSync(path.join(sourceDir, 'ndfrt_va_drug_interactions_2014.tsv'), 'utf8').split('\n');
const columns = header!.trim().split('\t');
const at = (name: string) => {
  const index = columns.indexOf(name);
  if (index < 0) throw new Error(`column ${name} missing from the source`);
  return index;
};
const [A, B, SEVERITY, RA, RB] = [at('drug_a'), at('drug_b'), at('severity'), at('rxcui_a'), at('rxcui_b')];

const lines: string[] = [];
let dropped = 0;
let widened = 0;
for (const line of rows) {
  if (!line.trim()) continue;
  const cells = line.replace(/\r$/, '').split('\t');
  const side = (nameAt: number, rxcuiAt: number) => {
    const given = (cells[rxcuiAt] ?? '').split('|').filter((r) => /^\d+$/.test(r));
    if (given.length === 0) return given;
    const base = baseRxcuis(cells[nameAt]!.trim());
    if (base.some((r) => !given.includes(r))) widened++;
    return [...new Set([...given, ...base])];
  };
  const a = side(A, RA);
  const b = side(B, RB);
  const severity = cells[SEVERITY]!.trim().toLowerCase();
  if (severity !== 'critical' && severity !== 'significant') throw new Error(`unknown severity: ${line}`);
  if (a.length === 0 || b.length === 0) {
    dropped++;
    continue;
  }
  lines.push(`${a.join('|')}\t${b.join('|')}\t${severity}\t${cells[A]!.trim()}\t${cells[B]!.trim()}`);
}
writeFileSync(outFile, gzipSync(`rxcuis_a\trxcuis_b\tseverity\tdrug_a\tdrug_b\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${lines.length} pairs (${dropped} without RxCUIs dropped, ${widened} sides widened to their base ingredient)`);
