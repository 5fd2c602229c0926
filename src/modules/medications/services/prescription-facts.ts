import type { AuditedAccess } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import type { Placeholder } from 'drizzle-orm';
import { deferRead, preparedReadTogether } from '../../../platform/db/read-together.js';
import { allergiesSection } from '../../patients/index.js';
import type { DoseFacts } from '../checks/override-collapsing.js';
import type { MedicineFacts, SigningFacts } from '../checks/signing-checks.js';
import { dosesPerDay } from '../prescriptions.frequency.js';
import { activeMedicinesQuery, checkIngredientsQuery, productsForChecksQuery } from '../prescriptions.repository.js';
import type { PrescriptionRow } from '../prescriptions.tables.js';
import { earlierOverridesQuery, type EarlierOverrideRow } from '../prescription-overrides.repository.js';
import { activeOutsideMedicinesForChecks } from '../reconciliation/outside-medications.repository.js';
import { RXNORM_EDITION } from './ingredients-loader.service.js';

/**
 * Reads what the signing checks need, with the caller's handle (inside the signing transaction,
 * after the patient's lock; a preview reads without one): the candidate product, every active medicine of the patient except
 * the candidate and the one it replaces — the signed prescriptions and the active medicines taken
 * from outside (reconciliation) — their ingredients and tags, and the allergies. ONE statement
 * whatever the number of medicines (each part a JSON column, readTogether), with the prescriber's
 * earlier overrides for this patient since `overridesOf.since`.
 */
export async function readSigningFacts(
  tx: Db,
  audited: AuditedAccess,
  draft: Pick<PrescriptionRow, 'id' | 'productId' | 'replacesId' | 'doseValue' | 'doseUnit' | 'frequency'>,
  allergyStatus: string,
  overridesOf: { prescriberId: string; since: Date },
): Promise<{ facts: SigningFacts; earlierOverrides: EarlierOverrideRow[] }> {
  const { actives, outside, products, ingredients, allergies, earlierOverrides } = await factsStatement(tx, {
    patientId: audited.patientId,
    draftId: draft.id,
    // Always two: the draft and the one it replaces (the draft again when it replaces none).
    replacedId: draft.replacesId ?? draft.id,
    productId: draft.productId,
    prescriberId: overridesOf.prescriberId,
    since: overridesOf.since.toISOString(),
  });
  const ingredientsOf = (productId: string) =>
    ingredients.filter((i) => i.productId === productId).map((i) => ({ rxcui: i.rxcui, name: i.name }));
  const product = products[0]!;
  const outsideFacts: (MedicineFacts & { id: string })[] = outside.map((o) => ({
    id: o.id,
    origin: 'outside',
    name: o.productName ?? o.name ?? '',
    ingredients: o.productId ? ingredientsOf(o.productId) : [{ rxcui: o.ingredientRxcui!, name: o.ingredientName ?? o.name ?? '' }],
    tags: o.productTags ?? [],
    dose: o.doseValue === null || o.doseUnit === null ? null : { value: Number(o.doseValue), unit: o.doseUnit, perDay: null },
    replacesId: null,
  }));
  const facts: SigningFacts = {
    candidate: {
      name: product.name,
      ingredients: ingredientsOf(product.id),
      tags: product.tags,
      dose: prescribedDose(draft),
      replacesId: draft.replacesId,
    },
    actives: [
      ...actives.map((a) => ({
        id: a.id,
        origin: 'prescription' as const,
        name: a.productName,
        ingredients: ingredientsOf(a.productId),
        tags: a.tags,
        dose: prescribedDose(a),
        replacesId: a.replacesId,
      })),
      ...outsideFacts,
    ],
    allergyStatus,
    allergies: allergies.map((a) => ({ id: a.id, substance: a.substance, rxcui: a.rxcui, status: a.status })),
    codesEdition: RXNORM_EDITION,
  };
  return { facts, earlierOverrides };
}

/**
 * The facts' one statement, built once with placeholders (platform/db/read-together.ts): built per
 * request it was the largest allocation of a check. The audit proof stands for the patient whose
 * id fills `patientId`: `readSigningFacts` takes a real AuditedAccess and passes its patient id.
 */
const factsStatement = preparedReadTogether(
  (db: Db, param: (name: 'patientId' | 'draftId' | 'replacedId' | 'productId' | 'prescriberId' | 'since') => Placeholder) => {
    const audited = { patientId: param('patientId') } as unknown as AuditedAccess;
    return {
      actives: deferRead(activeMedicinesQuery(db, audited, [param('draftId'), param('replacedId')]), (rows) => rows),
      outside: deferRead(activeOutsideMedicinesForChecks(db, audited), (rows) => rows),
      products: deferRead(productsForChecksQuery(db, [param('productId')]), (rows) => rows),
      ingredients: deferRead(checkIngredientsQuery(db, audited, param('productId')), (rows) => rows),
      allergies: allergiesSection(db, audited),
      // Before the checks know which alerts they raise: the prescriber's earlier overrides for this
      // patient are few, and reading them here saves a round trip (override-collapsing.service.ts).
      earlierOverrides: deferRead(earlierOverridesQuery(db, audited, param('prescriberId'), param('since')), (rows) => rows),
    };
  },
);

/** A prescription's dose per administration and administrations per day. */
export function prescribedDose(p: { doseValue: number; doseUnit: string; frequency: PrescriptionRow['frequency'] }): DoseFacts {
  return { value: Number(p.doseValue), unit: p.doseUnit, perDay: dosesPerDay(p.frequency) };
}
