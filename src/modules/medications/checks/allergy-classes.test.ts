import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allergyClassList, sharedClass } from './allergy-classes.js';

describe('allergy drug classes (reference/allergy-drug-classes.json)', () => {
  const catalogue = new Map<string, Set<string>>();
  for (const line of gunzipSync(readFileSync(new URL('../reference/rxnorm-ingredients-2014.tsv.gz', import.meta.url)))
    .toString('utf8')
    .split('\n')
    .slice(1)) {
    const [rxcui, name] = line.split('\t');
    if (rxcui && name) catalogue.set(rxcui, (catalogue.get(rxcui) ?? new Set()).add(name));
  }

  it('every member is an RxCUI of the shipped catalogue under the name the file gives', () => {
    const { classes } = allergyClassList();
    expect(classes.map((c) => c.id).sort()).toEqual(['beta_lactams', 'cephalosporins', 'nsaids', 'opioids', 'penicillins', 'sulfonamides']);
    for (const c of classes) for (const [rxcui, name] of c.members) expect(catalogue.get(rxcui), `${c.id}: ${name}`).toContain(name);
  });

  it('is marked for clinician review and cites its source', () => {
    const file = JSON.parse(readFileSync(new URL('../reference/allergy-drug-classes.json', import.meta.url), 'utf8')) as {
      reviewStatus: string;
      sources: string[];
    };
    expect(file.reviewStatus).toMatch(/AWAITING CLINICIAN REVIEW/);
    expect(file.sources.join(' ')).toMatch(/RxClass/);
  });

  it('the narrowest shared class: penicillins for two penicillins, beta-lactams across families, none across classes', () => {
    expect(sharedClass('70618', '723')?.id).toBe('penicillins');
    expect(sharedClass('723', '2180')?.id).toBe('beta_lactams');
    expect(sharedClass('5640', '7258')?.id).toBe('nsaids');
    expect(sharedClass('723', '5640')).toBeNull();
  });
});
