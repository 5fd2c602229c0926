import { expect } from 'vitest';
import { api, type TestApp } from './app.js';

/** A charge from the price list for a patient, on the test clock's day, as billing staff (201 or the test fails). */
export async function addCharge(t: TestApp, token: string, patientId: string, code: string, quantity = 1): Promise<{ id: string }> {
  const res = await api(t, 'POST', `/api/v1/patients/${patientId}/charges`, {
    token,
    body: { code, quantity, serviceDate: t.clock.now().toISOString().slice(0, 10) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>();
}
