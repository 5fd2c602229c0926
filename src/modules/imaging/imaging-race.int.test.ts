import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { postgresLegReady } from '../../../test/helpers/postgres-leg.js';
import { multipartBody } from '../../../test/helpers/uploads.js';
import { imagingOrders, imagingReports, makeImagingDicom } from './index.js';

/**
 * Concurrent steps on one order: the conditional updates let exactly one win and the other answers
 * 409 (or 412), never two outcomes. Races only show on real PostgreSQL.
 */
describe.runIf(postgresLegReady())('concurrent imaging steps (needs real PostgreSQL)', () => {
  const t = useTestApp();
  let doctor: TestAccount;
  let radiologist: TestAccount;
  let patient: { id: string; mrn: string };

  beforeAll(async () => {
    doctor = await createAccount(t, { role: 'doctor' });
    radiologist = await createAccount(t, { role: 'radiologist' });
    const row = await createPatientRecord(t, { givenName: 'Race', familyName: 'Case' });
    patient = { id: row.id, mrn: String(row.mrn) };
    await putOnCareTeam(t, patient.id, doctor.staffId!);
  });

  const order = async () => {
    const res = await api(t, 'POST', `/api/v1/patients/${patient.id}/imaging-orders`, {
      token: doctor.token,
      body: { modality: 'US', bodyPart: 'Abdomen', indication: 'Pain', priority: 'urgent' },
    });
    return res.json<{ id: string; version: number }>();
  };

  it('two cancels, or a cancel and an upload, at once: one wins, the other is 409', async () => {
    const o = await order();
    const [a, b] = await Promise.all([
      api(t, 'POST', `/api/v1/imaging-orders/${o.id}/cancel`, { token: doctor.token, body: { reason: 'First' } }),
      api(t, 'POST', `/api/v1/imaging-orders/${o.id}/cancel`, { token: doctor.token, body: { reason: 'Second' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);

    const o2 = await order();
    const { payload, contentType } = multipartBody([
      {
        name: 'file',
        filename: 'a.dcm',
        contentType: 'application/dicom',
        data: makeImagingDicom({ patientId: patient.mrn, patientName: 'Case^Race' }),
      },
    ]);
    const [cancel, upload] = await Promise.all([
      api(t, 'POST', `/api/v1/imaging-orders/${o2.id}/cancel`, { token: doctor.token, body: { reason: 'Not needed' } }),
      t.app.inject({
        method: 'POST',
        url: `/api/v1/imaging-orders/${o2.id}/instances`,
        headers: { authorization: `Bearer ${radiologist.token}`, 'content-type': contentType },
        payload,
      }),
    ]);
    const [row] = await t.db.select().from(imagingOrders).where(eq(imagingOrders.id, o2.id));
    if (cancel.statusCode === 200) {
      expect(upload.statusCode).toBe(409);
      expect(row).toMatchObject({ status: 'cancelled', studyInstanceUid: null });
    } else {
      expect(cancel.statusCode).toBe(409);
      expect(upload.statusCode).toBe(201);
      expect(row!.status).toBe('performed');
    }
  });

  it('two radiologists start the same report at once: one draft, the other 409 or 428', async () => {
    const o = await order();
    const { payload, contentType } = multipartBody([
      {
        name: 'file',
        filename: 'a.dcm',
        contentType: 'application/dicom',
        data: makeImagingDicom({ patientId: patient.mrn, patientName: 'Case^Race' }),
      },
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imaging-orders/${o.id}/instances`,
      headers: { authorization: `Bearer ${radiologist.token}`, 'content-type': contentType },
      payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const write = (findings: string) =>
      api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, { token: radiologist.token, body: { findings, impression: 'Normal.' } });
    const [a, b] = await Promise.all([write('A'), write('B')]);
    // The loser either raced the insert (409) or ran after it committed and found a draft it did
    // not name with If-Match (428): never two drafts, never a silent overwrite.
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes[0]).toBe(200);
    expect([409, 428]).toContain(codes[1]);
    expect(await t.db.select().from(imagingReports).where(eq(imagingReports.orderId, o.id))).toHaveLength(1);
  });
});
