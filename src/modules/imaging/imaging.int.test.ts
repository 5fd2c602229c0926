import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { storedFiles } from '../../platform/files/index.js';
import { documents } from '../records/index.js';
import { api, useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { multipartBody } from '../../../test/helpers/uploads.js';
import { imagingInstances, imagingOrders, makeImagingDicom } from './index.js';

const t = useTestApp();

let doctor: TestAccount;
let nurse: TestAccount;
let outsiderDoctor: TestAccount;
let radiologist: TestAccount;
let radiographer: TestAccount;
let patient: { id: string; mrn: string; givenName: string; familyName: string };
let other: { id: string; mrn: string };

const ORDER = { modality: 'CT', bodyPart: 'Chest', indication: 'Persistent cough, rule out mass', priority: 'routine' };

const upload = (account: TestAccount, orderId: string, data: Buffer, filename = 'slice.dcm', contentType = 'application/dicom') => {
  const { payload, contentType: ct } = multipartBody([{ name: 'file', filename, contentType, data }]);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imaging-orders/${orderId}/instances`,
    headers: { authorization: `Bearer ${account.token}`, 'content-type': ct },
    payload,
  });
};

const dicomFor = (p: { mrn: string; givenName: string; familyName: string }, n = 1, extra = {}) =>
  makeImagingDicom({ patientId: p.mrn, patientName: `${p.familyName}^${p.givenName}`, instanceNumber: n, ...extra });

const order = async (priority = 'routine') => {
  const res = await api(t, 'POST', `/api/v1/patients/${patient.id}/imaging-orders`, { token: doctor.token, body: { ...ORDER, priority } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; version: number; status: string }>();
};

const auditCount = async (action: string, outcome: 'success' | 'denied' = 'success') =>
  (
    await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.outcome, outcome)))
  ).length;

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  nurse = await createAccount(t, { role: 'nurse' });
  outsiderDoctor = await createAccount(t, { role: 'doctor' });
  radiologist = await createAccount(t, { role: 'radiologist' });
  radiographer = await createAccount(t, { role: 'radiographer' });
  const row = await createPatientRecord(t, { givenName: 'Maria', familyName: 'Zeta' });
  patient = { id: row.id, mrn: String(row.mrn), givenName: row.givenName, familyName: row.familyName };
  const o = await createPatientRecord(t, { givenName: 'Other', familyName: 'Person' });
  other = { id: o.id, mrn: String(o.mrn) };
  await putOnCareTeam(t, patient.id, doctor.staffId!);
  await putOnCareTeam(t, patient.id, nurse.staffId!);
});

describe('radiology orders', () => {
  it('a doctor on the care team orders; the codes are checked; outsiders get 404', async () => {
    const created = await order('urgent');
    expect(created).toMatchObject({ status: 'ordered', modality: 'CT', priority: 'urgent', study: null, report: null });
    const bad = await api(t, 'POST', `/api/v1/patients/${patient.id}/imaging-orders`, {
      token: doctor.token,
      body: { ...ORDER, modality: 'XX' },
    });
    expect(bad.statusCode).toBe(400);
    const outsider = await api(t, 'POST', `/api/v1/patients/${patient.id}/imaging-orders`, { token: outsiderDoctor.token, body: ORDER });
    expect(outsider.statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/imaging-orders/${created.id}`, { token: outsiderDoctor.token })).statusCode).toBe(404);
    expect((await api(t, 'GET', `/api/v1/imaging-orders/${created.id}`, { token: nurse.token })).statusCode).toBe(200);
    const list = await api(t, 'GET', `/api/v1/patients/${patient.id}/imaging-orders`, { token: nurse.token });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(created.id);
  });

  it('the worklist puts stat first; schedule and cancel are conditional steps (409 / 412)', async () => {
    const routine = await order('routine');
    const stat = await order('stat');
    const worklist = (await api(t, 'GET', '/api/v1/imaging/worklist', { token: radiologist.token })).json().items as { id: string }[];
    const ids = worklist.map((i) => i.id);
    expect(ids.indexOf(stat.id)).toBeLessThan(ids.indexOf(routine.id));
    expect((await api(t, 'GET', '/api/v1/imaging/worklist', { token: doctor.token })).statusCode).toBe(403);

    const scheduled = await api(t, 'POST', `/api/v1/imaging-orders/${routine.id}/schedule`, {
      token: radiologist.token,
      body: { scheduledFor: '2026-12-10T09:00:00+01:00' },
      headers: { 'if-match': `"${routine.version}"` },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json().status).toBe('scheduled');
    const stale = await api(t, 'POST', `/api/v1/imaging-orders/${routine.id}/cancel`, {
      token: doctor.token,
      body: { reason: 'Not needed' },
      headers: { 'if-match': `"${routine.version}"` },
    });
    expect(stale.statusCode).toBe(412);
    const cancelled = await api(t, 'POST', `/api/v1/imaging-orders/${routine.id}/cancel`, {
      token: doctor.token,
      body: { reason: 'Not needed' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Not needed' });
    const again = await api(t, 'POST', `/api/v1/imaging-orders/${routine.id}/cancel`, { token: doctor.token, body: { reason: 'Twice' } });
    expect(again.statusCode).toBe(409);
    const uploadToCancelled = await upload(radiologist, routine.id, dicomFor(patient));
    expect(uploadToCancelled.statusCode).toBe(409);
  });
});

describe('DICOM studies', () => {
  it('files instances through the encrypted document store, links the study and shows its metadata', async () => {
    const o = await order();
    const first = await upload(radiologist, o.id, dicomFor(patient, 1));
    expect(first.statusCode, first.body).toBe(201);
    const second = await upload(radiologist, o.id, dicomFor(patient, 2));
    expect(second.statusCode, second.body).toBe(201);
    const body = second.json();
    expect(body.status).toBe('performed');
    expect(body.study).toMatchObject({
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1',
      seriesCount: 1,
      instanceCount: 2,
      modalities: ['CT'],
      bodyParts: ['CHEST'],
    });
    const rows = await t.db.select().from(imagingInstances).where(eq(imagingInstances.orderId, o.id));
    const docs = await t.db.select().from(documents).where(eq(documents.id, rows[0]!.documentId));
    expect(docs[0]).toMatchObject({ patientId: patient.id, category: 'imaging', modality: 'CT' });
    const [file] = await t.db.select().from(storedFiles).where(eq(storedFiles.id, docs[0]!.fileId));
    expect(file!.contentType).toBe('application/dicom');
    const duplicate = await upload(radiologist, o.id, dicomFor(patient, 2));
    expect(duplicate.statusCode).toBe(409);
    const otherStudy = await upload(radiologist, o.id, dicomFor(patient, 3, { studyInstanceUid: '1.2.3.4' }));
    expect(otherStudy.statusCode).toBe(422);
  });

  it('refuses a file of another patient, an anonymous one and a non-DICOM file, filing nothing', async () => {
    const o = await order();
    const files = async () => (await t.db.select().from(storedFiles)).length;
    const before = await files();
    const wrongId = await upload(radiologist, o.id, makeImagingDicom({ patientId: other.mrn, patientName: 'Zeta^Maria' }));
    expect(wrongId.statusCode).toBe(422);
    expect(wrongId.json().detail).toMatch(/Patient ID/);
    const wrongName = await upload(radiologist, o.id, makeImagingDicom({ patientId: patient.mrn, patientName: 'Person^Other' }));
    expect(wrongName.statusCode).toBe(422);
    const anonymous = await upload(radiologist, o.id, makeImagingDicom({ patientId: null, patientName: null }));
    expect(anonymous.statusCode).toBe(422);
    const png = await upload(radiologist, o.id, Buffer.from('%PDF-1.4 not an image'), 'x.pdf', 'application/pdf');
    expect(png.statusCode).toBe(415);
    expect(await files()).toBe(before);
    const [row] = await t.db.select().from(imagingOrders).where(eq(imagingOrders.id, o.id));
    expect(row).toMatchObject({ status: 'ordered', studyInstanceUid: null });
    expect(await auditCount('imaging_study.upload_refused', 'denied')).toBeGreaterThanOrEqual(3);
    expect((await upload(doctor, o.id, dicomFor(patient))).statusCode).toBe(403);
  });
});

describe("the radiologist's report", () => {
  it('draft → signed (immutable, addenda instead), shown on the order', async () => {
    const o = await order();
    const early = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiologist.token,
      body: { findings: 'x', impression: 'y' },
    });
    expect(early.statusCode).toBe(409);
    expect((await upload(radiologist, o.id, dicomFor(patient, 1))).statusCode).toBe(201);
    const draft = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiologist.token,
      body: { findings: 'No focal consolidation.', impression: 'Normal chest CT.' },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const v1 = draft.json().report.version as number;
    const noMatch = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiologist.token,
      body: { findings: 'Edited', impression: 'Normal chest CT.' },
    });
    expect(noMatch.statusCode).toBe(428);
    const edited = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiologist.token,
      body: { findings: 'No focal consolidation. No nodules.', impression: 'Normal chest CT.' },
      headers: { 'if-match': `"${v1}"` },
    });
    expect(edited.statusCode).toBe(200);
    const staleSign = await api(t, 'POST', `/api/v1/imaging-orders/${o.id}/report/sign`, {
      token: radiologist.token,
      headers: { 'if-match': `"${v1}"` },
    });
    expect(staleSign.statusCode).toBe(412);
    const signed = await api(t, 'POST', `/api/v1/imaging-orders/${o.id}/report/sign`, {
      token: radiologist.token,
      headers: { 'if-match': `"${v1 + 1}"` },
    });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'reported', report: { status: 'signed', signedBy: { id: radiologist.userId } } });
    const after = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiologist.token,
      body: { findings: 'Changed', impression: 'Changed' },
      headers: { 'if-match': `"${v1 + 2}"` },
    });
    expect(after.statusCode).toBe(409);
    expect(after.json().code).toBe('record_signed');
    const addendum = await api(t, 'POST', `/api/v1/imaging-orders/${o.id}/report/addenda`, {
      token: radiologist.token,
      body: { text: 'Compared with prior: unchanged.' },
    });
    expect(addendum.statusCode).toBe(201);
    const seen = (await api(t, 'GET', `/api/v1/imaging-orders/${o.id}`, { token: doctor.token })).json();
    expect(seen.report.findings).toBe('No focal consolidation. No nodules.');
    expect(seen.report.addenda).toHaveLength(1);
    expect(await auditCount('imaging_report.sign')).toBeGreaterThanOrEqual(1);
    expect((await upload(radiologist, o.id, dicomFor(patient, 2))).statusCode).toBe(409);
    expect(
      (await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, { token: doctor.token, body: { findings: 'a', impression: 'b' } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('the radiographer (radiology technician)', () => {
  it('works the worklist: schedules and uploads (performed), on the radiology basis; the report stays the radiologist’s', async () => {
    const o = await order('urgent');
    const worklist = await api(t, 'GET', '/api/v1/imaging/worklist', { token: radiographer.token });
    expect(worklist.statusCode).toBe(200);
    expect((worklist.json().items as { id: string }[]).map((i) => i.id)).toContain(o.id);
    const scheduled = await api(t, 'POST', `/api/v1/imaging-orders/${o.id}/schedule`, {
      token: radiographer.token,
      body: { scheduledFor: '2026-12-11T10:30:00+01:00' },
    });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect((await upload(radiographer, o.id, dicomFor(patient, 1))).statusCode).toBe(201);
    const [row] = await t.db.select().from(imagingOrders).where(eq(imagingOrders.id, o.id));
    expect(row?.status).toBe('performed');
    const read = await api(t, 'GET', `/api/v1/imaging-orders/${o.id}`, { token: radiographer.token });
    expect(read.statusCode).toBe(200);
    const basis = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, radiographer.userId), eq(auditEvents.outcome, 'success')));
    expect(basis.some((e) => (e.detail as { basis?: string } | null)?.basis === 'radiology')).toBe(true);

    const draft = await api(t, 'PUT', `/api/v1/imaging-orders/${o.id}/report`, {
      token: radiographer.token,
      body: { findings: 'a', impression: 'b' },
    });
    expect(draft.statusCode).toBe(403);
    const [after] = await t.db.select().from(imagingOrders).where(eq(imagingOrders.id, o.id));
    expect(after?.status).toBe('performed');
    // The radiologist still finds it on the worklist to report.
    const forRadiologist = await api(t, 'GET', '/api/v1/imaging/worklist', { token: radiologist.token });
    expect((forRadiologist.json().items as { id: string }[]).map((i) => i.id)).toContain(o.id);
  });
});
