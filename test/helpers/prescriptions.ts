import { expect } from 'vitest';
import { patients } from '../../src/modules/patients/index.js';
import { seedFormularyProducts } from '../../src/modules/medications/index.js';
import { eq, sql } from 'drizzle-orm';
import type { TestAccount } from './actors.js';
import { api, type TestApp } from './app.js';
import { putOnCareTeam } from './patients.js';

export const AMOXICILLIN = 'Amoxicillin 500 mg capsule';

/** The formulary's one product for prescription tests: amoxicillin 500 mg capsules, oral. Its id. */
export async function seedAmoxicillin(t: TestApp, by: TestAccount): Promise<string> {
  await seedFormularyProducts(t.db, t.clock.now(), by.userId, [
    { name: AMOXICILLIN, doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
  ]);
  // The products table is the module's own: its id is read by name, as SQL.
  const found: unknown = await t.db.execute(sql`select id from medication_products where name = ${AMOXICILLIN}`);
  return (found as { rows: { id: string }[] }).rows[0]!.id;
}

/**
 * A draft prescription of one capsule by `doctor` for a patient put on the doctor's care team with
 * no known allergies (so no allergy check stops it); signed when asked. Its id.
 */
export async function prescribeForCareTeamPatient(
  t: TestApp,
  doctor: TestAccount,
  patientId: string,
  options: { productId: string; frequency: unknown; startsAt: Date; durationDays: number; sign?: boolean },
): Promise<string> {
  await putOnCareTeam(t, patientId, doctor.staffId!);
  await t.db.update(patients).set({ allergyStatus: 'no_known_allergies' }).where(eq(patients.id, patientId));
  const draft = await api(t, 'POST', '/api/v1/prescriptions', {
    token: doctor.token,
    body: {
      patientId,
      productId: options.productId,
      dose: { value: 1, unit: '{capsule}' },
      frequency: options.frequency,
      startsAt: options.startsAt.toISOString(),
      durationDays: options.durationDays,
    },
  });
  expect(draft.statusCode, draft.body).toBe(201);
  const id = draft.json<{ id: string }>().id;
  if (options.sign) {
    const signed = await api(t, 'POST', `/api/v1/prescriptions/${id}/sign`, { token: doctor.token, body: { overrides: [] } });
    expect(signed.statusCode, signed.body).toBe(200);
  }
  return id;
}
