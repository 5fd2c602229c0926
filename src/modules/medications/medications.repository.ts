import { and, asc, eq, getTableColumns, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.js';
import {
  medicationIngredientNames,
  medicationIngredients,
  medicationProductIngredients,
  medicationProducts,
  type MedicationProductRow,
} from './medications.tables.js';

/** SQL for the ingredient catalogue and the formulary (reference data: no patient data, no audit here). */

/** A LIKE pattern with the wildcard characters of the term itself escaped. */
const likeEscape = (term: string) => term.replace(/[%_\\]/g, (c) => `\\${c}`);
/**
 * How a name matches the search: served by an index either way. Terms of three characters or more
 * (every word, in any order) use the trigram GIN index; a shorter term is a prefix, served by the
 * B-tree (pg_trgm cannot index fewer than three characters, and "contains 'a'" is most rows).
 */
function nameMatches(column: SQL, phrase: string, words: string[]): SQL {
  if (phrase.length < 3) return sql`${column} like ${`${likeEscape(phrase)}%`}`;
  return sql.join(
    words.map((w) => sql`${column} like ${`%${likeEscape(w)}%`}`),
    sql` and `,
  );
}

/** A word of the name starts with `word`: at the start, or after a space, hyphen or parenthesis. */
function startsAWord(column: SQL, word: string): SQL {
  const w = likeEscape(word);
  return sql`(${column} like ${`${w}%`} or ${column} like ${`% ${w}%`} or ${column} like ${`%-${w}%`} or ${column} like ${`%(${w}%`})`;
}

/**
 * The match's tier, best first: 0 the name itself, 1 the name starts with the term, 2 every word
 * of the term starts a word of the name ("sodium" in "ampicillin sodium"), 3 inside a word.
 * LIKE comparisons only (no regular expression, no similarity function): ranking a broad term's
 * thousands of matches stays a few milliseconds on the embedded database, whose queries run on the
 * event loop.
 */
function matchTier(column: SQL, phrase: string, words: string[]): SQL {
  return sql`(case when ${column} = ${phrase} then 0 when ${column} like ${`${likeEscape(phrase)}%`} then 1
    when ${sql.join(
      words.map((w) => startsAWord(column, w)),
      sql` and `,
    )} then 2 else 3 end)`;
}

export interface IngredientHit {
  rxcui: string;
  name: string;
  matchedName: string;
}

/**
 * The most matching names a search ranks. A broad fragment ("ate", in every salt name) matches
 * thousands of names; ranking is cheap per row but still grows with them, and on the embedded
 * database a query runs on the event loop: past this many, ranking takes the first ones the index
 * gives. The exact name is looked up on its own, so it is never lost; typing more narrows the set.
 */
export const MAX_RANKED_MATCHES = 1000;

/**
 * Names matching the term, best first, at most `candidates` rows (one ingredient may match by
 * several names: the caller keeps the first per RxCUI): by tier, the display name before a
 * synonym, then shorter names. The display names are joined after the limit (primary-key look-ups
 * for those rows only).
 */
export async function searchIngredientNames(db: Db, phrase: string, words: string[], candidates: number): Promise<IngredientHit[]> {
  const name = sql`n.name`;
  const result: unknown = await db.execute(sql`
    select hits.rxcui, i.name, hits.name as "matchedName" from (
      select n.rxcui, n.name, n.preferred, ${matchTier(name, phrase, words)} as tier
      from (
        select rxcui, name, preferred from ${medicationIngredientNames} where name = ${phrase}
        union
        (select rxcui, name, preferred from ${medicationIngredientNames} n where ${nameMatches(name, phrase, words)} limit ${MAX_RANKED_MATCHES})
      ) n
      order by tier, n.preferred desc, length(n.name), n.rxcui
      limit ${candidates}
    ) hits
    join ${medicationIngredients} i on i.rxcui = hits.rxcui
    order by hits.tier, hits.preferred desc, length(hits.name), hits.rxcui`);
  return (result as { rows: IngredientHit[] }).rows;
}

export async function findIngredientsByRxcui(db: Db, rxcuis: string[]): Promise<{ rxcui: string; name: string }[]> {
  if (rxcuis.length === 0) return [];
  return db.select().from(medicationIngredients).where(inArray(medicationIngredients.rxcui, rxcuis));
}

/** Ingredients with a name equal to one of these (lower case): the form resolves a typed name. */
export async function findIngredientsByExactName(db: Db, names: string[]): Promise<{ rxcui: string; name: string; matchedName: string }[]> {
  if (names.length === 0) return [];
  return db
    .selectDistinct({ rxcui: medicationIngredients.rxcui, name: medicationIngredients.name, matchedName: medicationIngredientNames.name })
    .from(medicationIngredientNames)
    .innerJoin(medicationIngredients, eq(medicationIngredients.rxcui, medicationIngredientNames.rxcui))
    .where(inArray(medicationIngredientNames.name, names));
}

export interface ProductIngredientView {
  productId: string;
  rxcui: string;
  name: string;
  strengthValue: number;
  strengthUnit: string;
}

/** The ingredients of several products in one statement, in label order. */
export async function findProductIngredients(db: Db, productIds: string[]): Promise<ProductIngredientView[]> {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: medicationProductIngredients.productId,
      rxcui: medicationProductIngredients.rxcui,
      name: medicationIngredients.name,
      strengthValue: medicationProductIngredients.strengthValue,
      strengthUnit: medicationProductIngredients.strengthUnit,
    })
    .from(medicationProductIngredients)
    .innerJoin(medicationIngredients, eq(medicationIngredients.rxcui, medicationProductIngredients.rxcui))
    .where(inArray(medicationProductIngredients.productId, productIds))
    .orderBy(medicationProductIngredients.productId, medicationProductIngredients.position);
}

export async function findProduct(db: Db, id: string, options: { forUpdate?: boolean } = {}): Promise<MedicationProductRow | undefined> {
  const query = db.select().from(medicationProducts).where(eq(medicationProducts.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

/** One page of the formulary in name order (keyset on lower(name), id; the sort key comes back for the cursor). */
export async function listProducts(
  db: Db,
  options: { onFormulary?: boolean; after?: { name: string; id: string }; limit: number },
): Promise<(MedicationProductRow & { sortName: string })[]> {
  const lowerName = sql<string>`lower(${medicationProducts.name})`;
  const filters: SQL[] = [];
  if (options.onFormulary !== undefined) filters.push(eq(medicationProducts.onFormulary, options.onFormulary));
  if (options.after) {
    filters.push(
      or(
        sql`${lowerName} > ${options.after.name}`,
        and(sql`${lowerName} = ${options.after.name}`, gt(medicationProducts.id, options.after.id)),
      )!,
    );
  }
  return db
    .select({ ...getTableColumns(medicationProducts), sortName: lowerName })
    .from(medicationProducts)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(asc(lowerName), asc(medicationProducts.id))
    .limit(options.limit);
}

/**
 * Products as choices for a select (id and name, in name order): a form needs no ingredients, and
 * reading them for every product would read the whole ingredient table.
 */
export async function listProductChoices(db: Db, limit: number): Promise<{ id: string; name: string }[]> {
  const lowerName = sql<string>`lower(${medicationProducts.name})`;
  return db
    .select({ id: medicationProducts.id, name: medicationProducts.name })
    .from(medicationProducts)
    .orderBy(asc(lowerName), asc(medicationProducts.id))
    .limit(limit);
}

/**
 * Products whose name, or the name (or synonym) of one of whose ingredients, matches the term;
 * ranked by how the product name matches (tiers as for ingredients; a name that does not match at
 * all comes after those that do), then shorter names.
 */
export async function searchProducts(
  db: Db,
  phrase: string,
  words: string[],
  options: { onFormulary?: boolean; limit: number },
): Promise<MedicationProductRow[]> {
  const lowerName = sql`lower(${medicationProducts.name})`;
  const byIngredient = sql`${medicationProducts.id} in (
    select pi.product_id from ${medicationProductIngredients} pi
    join ${medicationIngredientNames} n on n.rxcui = pi.rxcui
    where ${nameMatches(sql`n.name`, phrase, words)})`;
  const matches = or(nameMatches(lowerName, phrase, words), byIngredient)!;
  return db
    .select()
    .from(medicationProducts)
    .where(options.onFormulary === undefined ? matches : and(matches, eq(medicationProducts.onFormulary, options.onFormulary)))
    .orderBy(
      sql`${matchTier(lowerName, phrase, words)}`,
      sql`(${nameMatches(lowerName, phrase, words)}) desc`,
      asc(sql`length(${lowerName})`),
      asc(lowerName),
    )
    .limit(options.limit);
}

export type NewProductRow = typeof medicationProducts.$inferInsert;

export async function insertProduct(tx: Db, values: NewProductRow): Promise<MedicationProductRow> {
  const [row] = await tx.insert(medicationProducts).values(values).returning();
  return row!;
}

export async function updateProductRow(
  tx: Db,
  id: string,
  values: Partial<Pick<NewProductRow, 'name' | 'doseForm' | 'route' | 'onFormulary' | 'tags'>> & { updatedBy: string; updatedAt: Date },
): Promise<void> {
  await tx
    .update(medicationProducts)
    .set({ ...values, version: sql`${medicationProducts.version} + 1` })
    .where(eq(medicationProducts.id, id));
}

export interface IngredientStrength {
  rxcui: string;
  strength: { value: number; unit: string };
}

/** Replaces a product's ingredients (delete and insert, one statement each). */
export async function replaceProductIngredients(tx: Db, productId: string, ingredients: IngredientStrength[]): Promise<void> {
  await tx.delete(medicationProductIngredients).where(eq(medicationProductIngredients.productId, productId));
  await tx.insert(medicationProductIngredients).values(
    ingredients.map((item, position) => ({
      productId,
      rxcui: item.rxcui,
      position,
      strengthValue: item.strength.value,
      strengthUnit: item.strength.unit,
    })),
  );
}
