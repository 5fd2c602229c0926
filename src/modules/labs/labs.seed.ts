import { eq, inArray } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import type { Db } from '../../platform/db/database.js';
import { ensureLabCatalogue } from './services/lab-catalogue.service.js';
import { labOrders, labPanels, labResults, labTests } from './labs.tables.js';
import { flagFor, rangeFor, ageInYears } from './labs.ranges.js';
import { PRIORITY_RANK } from './labs.vocabulary.js';

/**
 * The demo hospital's laboratory (a data loader: rows written directly, no audit): the default
 * catalogue; for one patient a stat basic metabolic panel collected and resulted an hour ago by
 * the demo technician (potassium 6.8 mmol/L, critical high — the demo's critical-result alert is
 * about it), awaiting the doctor's review; and a routine blood count just ordered, in the queue.
 */
export async function seedDemoLabs(
  tx: Db,
  now: Date,
  patient: { id: string; sex: string | null; birthDate: string },
  emails: { doctor: string; technician: string },
): Promise<void> {
  await ensureLabCatalogue(tx, now);
  const people = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [emails.doctor, emails.technician]));
  const doctor = people.find((p) => p.email === emails.doctor)?.id;
  const technician = people.find((p) => p.email === emails.technician)?.id;
  if (!doctor || !technician) return;
  const [bmp] = await tx.select().from(labPanels).where(eq(labPanels.code, 'BMP'));
  const [cbc] = await tx.select().from(labPanels).where(eq(labPanels.code, 'CBC'));
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const base = { patientId: patient.id, orderedBy: doctor, itemKind: 'panel' as const, createdAt: hourAgo, updatedAt: now };
  const [resulted] = await tx
    .insert(labOrders)
    .values({
      ...base,
      itemCode: 'BMP',
      itemName: bmp!.name,
      testCodes: bmp!.testCodes,
      priority: 'stat',
      priorityRank: PRIORITY_RANK.stat,
      indication: 'Muscle weakness; on an ACE inhibitor',
      fasting: false,
      status: 'resulted',
      resultStatus: 'final',
      accessionNumber: 'A100000',
      specimen: 'serum_plasma',
      orderedAt: new Date(hourAgo.getTime() - 1_800_000),
      collectedAt: hourAgo,
      collectedBy: technician,
      receivedAt: hourAgo,
      receivedBy: technician,
      resultedAt: now,
    })
    .returning();
  await tx.insert(labOrders).values({
    ...base,
    itemCode: 'CBC',
    itemName: cbc!.name,
    testCodes: cbc!.testCodes,
    priority: 'routine',
    priorityRank: PRIORITY_RANK.routine,
    indication: 'Annual check',
    fasting: false,
    orderedAt: now,
  });
  const values: Record<string, number> = { NA: 138, K: 6.8, CL: 102, HCO3: 24, BUN: 18, CREA: 1.1, GLU: 96, CA: 9.4 };
  const tests = await tx
    .select()
    .from(labTests)
    .where(inArray(labTests.code, Object.keys(values)));
  const age = ageInYears(patient.birthDate, hourAgo);
  await tx.insert(labResults).values(
    tests.map((test) => {
      const range = rangeFor(test.ranges, patient.sex, age);
      const value = values[test.code]!;
      return {
        orderId: resulted!.id,
        patientId: patient.id,
        testCode: test.code,
        loinc: test.loinc,
        value,
        unit: test.unit,
        enteredValue: value,
        enteredUnit: test.unit,
        flag: flagFor(value, range),
        rangeLow: range?.low ?? null,
        rangeHigh: range?.high ?? null,
        status: 'final' as const,
        source: 'manual' as const,
        observedAt: hourAgo,
        enteredBy: technician,
        createdAt: now,
      };
    }),
  );
}
