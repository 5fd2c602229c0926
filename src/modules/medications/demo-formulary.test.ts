import { describe, expect, it } from 'vitest';
import { readShippedIngredients } from './services/ingredients-loader.service.js';
import { DEMO_FORMULARY } from '../../demo/demo-formulary.js';

/**
 * The demo formulary's RxCUIs come from the shipped catalogue, never from memory: each must be
 * there, under a name the product's own name contains (the display name or a synonym, e.g.
 * "glyceryl trinitrate" for nitroglycerin).
 */
describe('demo formulary', () => {
  const names = new Map<string, string[]>();
  for (const entry of readShippedIngredients()) names.set(entry.rxcui, [...(names.get(entry.rxcui) ?? []), entry.name]);

  it('names every ingredient by an RxCUI of the catalogue that the product name spells', () => {
    const problems = DEMO_FORMULARY.flatMap((product) =>
      product.ingredients.flatMap(([rxcui]) => {
        const known = names.get(rxcui);
        if (!known) return [`${product.name}: ${rxcui} is not in the catalogue`];
        return known.some((n) => product.name.toLowerCase().includes(n)) ? [] : [`${product.name}: ${rxcui} is ${known.join(' / ')}`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('has about sixty products with unique names and no pharmacy tags', () => {
    expect(DEMO_FORMULARY.length).toBeGreaterThanOrEqual(55);
    expect(DEMO_FORMULARY.length).toBeLessThanOrEqual(75);
    expect(new Set(DEMO_FORMULARY.map((p) => p.name.toLowerCase())).size).toBe(DEMO_FORMULARY.length);
    expect(DEMO_FORMULARY.filter((p) => p.tags?.length)).toEqual([]);
  });

  /**
   * One object-class and one precipitant-class member of each ONC high-priority rule that has
   * members (Phansalkar 2012, as listed in the project's ddi-onc-high-priority data), so the
   * interaction checks can be shown; rule 8 (QT with QT) has none by design.
   */
  const ONC_PAIRS: Record<number, [object: string, precipitant: string]> = {
    1: ['6901', '9639'], // methylphenidate + selegiline
    2: ['343047', '7646'], // atazanavir + omeprazole
    3: ['73689', '1256'], // febuxostat + azathioprine
    4: ['36437', '10734'], // sertraline + tranylcypromine
    5: ['51499', '21212'], // irinotecan + clarithromycin
    6: ['10689', '9639'], // tramadol + selegiline
    7: ['704', '10734'], // amitriptyline + tranylcypromine
    9: ['596205', '42355'], // ramelteon + fluvoxamine
    10: ['85762', '9384'], // ritonavir + rifampin
    11: ['36567', '21212'], // simvastatin + clarithromycin
    12: ['4025', '85762'], // ergotamine + ritonavir
    13: ['57258', '2551'], // tizanidine + ciprofloxacin
    14: ['10734', '8702'], // tranylcypromine + procarbazine
    15: ['37418', '6878'], // sumatriptan + methylene blue
  };

  it('holds a member pair of each of the 14 ONC high-priority rules that have members', () => {
    const inFormulary = new Set(DEMO_FORMULARY.flatMap((p) => p.ingredients.map(([rxcui]) => rxcui)));
    const missing = Object.entries(ONC_PAIRS).flatMap(([rule, pair]) =>
      pair.filter((rxcui) => !inFormulary.has(rxcui)).map((r) => `${rule}:${r}`),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(ONC_PAIRS)).toHaveLength(14);
  });
});
