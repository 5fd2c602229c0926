/**
 * Builds the ICD-10-CM code list (January 2021 release) that the records module ships in
 * `src/modules/records/diagnoses/reference/icd10cm-2021.tsv.gz`. The product never reads the source folder at
 * run time; rerun this only to refresh the list (see reference/NOTICE.md for edition and source).
 *
 *   npx tsx scripts/build-icd10.ts <sourceDir>
 *
 * Output columns: `code` (dotted, e.g. E11.9), `billable` (1/0), `description` (the long title).
 * Every entry of the tabular order is kept, headers included (billable 0), in tabular order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const sourceDir = process.argv[2] ?? '';
if (!sourceDir) {
  process.stderr.write('usage: npx tsx scripts/build-icd10.ts <folder of the icd10cm-2021 source files>\n');
  process.exit(2);
}
const outFile = path.resolve('src/modules/records/diagnoses/reference/icd10cm-2021.tsv.gz');

const [header, ...rows] = readFileSync(path.join(sourceDir, 'icd10cm_order_2021.tsv'), 'utf8').split('\n');
const columns = header!.trim().split('\t');
const at = (name: string) => {
  const index = columns.indexOf(name);
  if (index < 0) throw new Error(`column ${name} missing from the source`);
  return index;
};
const [CODE, BILLABLE, LONG] = [at('code_dotted'), at('billable'), at('long_title')];

const seen = new Set<string>();
const lines: string[] = [];
for (const line of rows) {
  if (!line.trim()) continue;
  const cells = line.replace(/\r$/, '').split('\t');
  const code = cells[CODE]!.trim().toUpperCase();
  const billable = cells[BILLABLE]!.trim() === '1' ? '1' : '0';
  const description = cells[LONG]!.trim().replace(/\s+/g, ' ');
  if (!/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(code) || !description || seen.has(code))
    throw new Error(`bad or duplicate row: ${line}`);
  seen.add(code);
  lines.push(`${code}\t${billable}\t${description}`);
}
writeFileSync(outFile, gzipSync(`code\tbillable\tdescription\n${lines.join('\n')}\n`, { level: 9 }));
console.log(`wrote ${lines.length} codes to ${path.relative(process.cwd(), outFile)}`);
