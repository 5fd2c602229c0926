import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../../platform/audit/audit.tables.js';
import { storedFiles } from '../../../platform/files/files.tables.js';
import { api, useTestApp, type TestApp } from '../../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../../test/helpers/actors.js';
import { PageSession } from '../../../../test/helpers/browser.js';
import { makeDicom } from '../../../../test/helpers/dicom.js';
import { putOnCareTeam } from '../../../../test/helpers/patients.js';
import { makePng, multipartBody, type MultipartPart } from '../../../../test/helpers/uploads.js';
import { documents } from './documents.tables.js';
import { filesUnder } from '../../../../test/helpers/files-on-disk.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'carewell-documents-'));
const MARKER = 'CAREWELL-PLAINTEXT-MARKER-7f3a';
const pdf = (text = MARKER) =>
  Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');

describe('patient documents', () => {
  const t: TestApp = useTestApp({ env: { DATA_DIR: dataDir } });
  let patient: TestAccount;
  let otherPatient: TestAccount;
  let doctor: TestAccount; // on the patient's care team
  let outsider: TestAccount; // a doctor off the care team
  let billing: TestAccount;

  beforeAll(async () => {
    patient = await createAccount(t, { role: 'patient' });
    otherPatient = await createAccount(t, { role: 'patient' });
    doctor = await createAccount(t, { role: 'doctor', givenName: 'Dana', familyName: 'Doctor' });
    outsider = await createAccount(t, { role: 'doctor' });
    billing = await createAccount(t, { role: 'billing' });
    await putOnCareTeam(t, patient.patientId!, doctor.staffId!);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const objectPath = (id: string) => path.join(dataDir, 'files', 'objects', id.slice(0, 2), id);
  const state = async () => ({
    documents: (await t.db.select({ id: documents.id }).from(documents)).length,
    files: (await t.db.select({ id: storedFiles.id }).from(storedFiles)).length,
    objects: filesUnder(path.join(dataDir, 'files', 'objects')).length,
    partial: filesUnder(path.join(dataDir, 'files', 'tmp')).length,
  });
  const audits = (action: string, actor: TestAccount, outcome: 'success' | 'denied' = 'success') =>
    t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.actorUserId, actor.userId), eq(auditEvents.outcome, outcome)));

  const upload = (
    account: TestAccount,
    patientId: string,
    file: { data: Buffer; filename: string; contentType: string },
    fields: Record<string, string> = { category: 'lab_report', title: 'Blood test' },
  ) => {
    const parts: MultipartPart[] = [...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', ...file }];
    const { payload, contentType } = multipartBody(parts);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patientId}/documents`,
      headers: { authorization: `Bearer ${account.token}`, 'content-type': contentType },
      payload,
    });
  };

  let patientPdfId = '';
  let dicomId = '';
  let pngId = '';

  it('stores a patient upload encrypted and serves the same bytes back as an attachment', async () => {
    const res = await upload(patient, patient.patientId!, { data: pdf(), filename: 'blood.pdf', contentType: 'application/pdf' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      patientId: patient.patientId,
      title: 'Blood test',
      category: 'lab_report',
      contentType: 'application/pdf',
      sizeBytes: pdf().length,
      source: 'patient',
      status: 'active',
      dicom: null,
    });
    patientPdfId = body.id;
    expect(res.headers.location).toBe(`/api/v1/documents/${body.id}`);
    const [row] = await t.db.select().from(documents).where(eq(documents.id, body.id));
    expect(row).toMatchObject({ patientId: patient.patientId, source: 'patient', uploadedBy: patient.userId, status: 'active' });
    const [file] = await t.db.select().from(storedFiles).where(eq(storedFiles.id, row!.fileId));
    expect(file).toMatchObject({ purpose: 'patient_document', contentType: 'application/pdf' });
    // Not readable as plaintext on disk.
    const onDisk = readFileSync(objectPath(row!.fileId));
    expect(onDisk.includes(Buffer.from(MARKER))).toBe(false);
    expect(onDisk.includes(Buffer.from('%PDF-'))).toBe(false);

    const download = await api(t, 'GET', body.contentUrl, { token: doctor.token });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf())).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="document-${body.id.slice(0, 8)}.pdf"`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('no-store');
    expect(await audits('document.create', patient)).toHaveLength(1);
    const [read] = await audits('document.download', doctor);
    expect(read).toMatchObject({ patientId: patient.patientId, resourceId: body.id, category: 'clinical', detail: { tier: 'care_team' } });
  });

  it('refuses a .pdf that is really HTML (415) and leaves nothing behind', async () => {
    const before = await state();
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const res = await upload(patient, patient.patientId!, { data: html, filename: 'report.pdf', contentType: 'application/pdf' });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
    const jpegAsPdf = await upload(patient, patient.patientId!, {
      data: makePng(),
      filename: 'report.pdf',
      contentType: 'application/octet-stream',
    });
    expect(jpegAsPdf.statusCode).toBe(415);
    expect(await state()).toEqual(before);
  });

  it('extracts DICOM metadata from a clinician upload, and refuses a "DICOM" without the DICM magic', async () => {
    const dicom = makeDicom({ studyDate: '20261120', modality: 'CT', description: 'CT CHEST W/O CONTRAST' });
    const res = await upload(
      doctor,
      patient.patientId!,
      { data: dicom, filename: 'study.dcm', contentType: 'application/dicom' },
      { category: 'imaging', title: 'Chest CT' },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      contentType: 'application/dicom',
      source: 'staff',
      uploadedByName: 'Dana Doctor',
      dicom: { modality: 'CT', studyDate: '2026-11-20', description: 'CT CHEST W/O CONTRAST' },
    });
    dicomId = res.json().id;
    const [row] = await t.db.select().from(documents).where(eq(documents.id, dicomId));
    expect(row).toMatchObject({ modality: 'CT', studyDate: '2026-11-20', studyDescription: 'CT CHEST W/O CONTRAST', source: 'staff' });
    const meta = await api(t, 'GET', `/api/v1/documents/${dicomId}`, { token: patient.token });
    expect(meta.statusCode).toBe(200);
    expect(meta.json().dicom).toEqual({ modality: 'CT', studyDate: '2026-11-20', description: 'CT CHEST W/O CONTRAST' });

    const before = await state();
    const noMagic = Buffer.from(dicom);
    noMagic.write('DICX', 128, 'latin1');
    const refused = await upload(
      doctor,
      patient.patientId!,
      { data: noMagic, filename: 'study.dcm', contentType: 'application/dicom' },
      { category: 'imaging', title: 'Fake' },
    );
    expect(refused.statusCode).toBe(415);
    const noMeta = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from('not a data set')]);
    const unreadable = await upload(
      doctor,
      patient.patientId!,
      { data: noMeta, filename: 'study.dcm', contentType: 'application/dicom' },
      { category: 'imaging', title: 'Fake' },
    );
    expect(unreadable.statusCode).toBe(415);
    expect(await state()).toEqual(before);
  });

  it('detects a flipped byte on disk: 500, never the bytes', async () => {
    const res = await upload(
      doctor,
      patient.patientId!,
      { data: pdf('flip me'), filename: 'x.pdf', contentType: 'application/pdf' },
      { category: 'other', title: 'To damage' },
    );
    expect(res.statusCode).toBe(201);
    const [row] = await t.db.select().from(documents).where(eq(documents.id, res.json().id));
    const file = objectPath(row!.fileId);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    writeFileSync(file, bytes);
    const download = await api(t, 'GET', `/api/v1/documents/${row!.id}/content`, { token: doctor.token });
    expect(download.statusCode).toBe(500);
    expect(download.json().code).toBe('internal_error');
    expect(download.rawPayload.includes(Buffer.from('flip me'))).toBe(false);
    await api(t, 'DELETE', `/api/v1/documents/${row!.id}`, { token: doctor.token });
  });

  it('validates the fields before storing anything', async () => {
    const before = await state();
    const res = await upload(
      patient,
      patient.patientId!,
      { data: pdf(), filename: 'a.pdf', contentType: 'application/pdf' },
      { category: 'x-ray', title: ' ' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('validation_failed');
    expect(
      res
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['category', 'title']);
    const notMultipart = await api(t, 'POST', `/api/v1/patients/${patient.patientId}/documents`, {
      token: patient.token,
      body: { category: 'other', title: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect(await state()).toEqual(before);
  });

  it("gives 404 with a denied audit row for another patient's documents, off-team clinicians and billing", async () => {
    const before = await state();
    for (const account of [otherPatient, outsider, billing]) {
      const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/documents`, { token: account.token });
      expect(list.statusCode).toBe(404);
      expect(list.json().code).toBe('not_found');
      const meta = await api(t, 'GET', `/api/v1/documents/${patientPdfId}`, { token: account.token });
      expect(meta.statusCode).toBe(404);
      const content = await api(t, 'GET', `/api/v1/documents/${patientPdfId}/content`, { token: account.token });
      expect(content.statusCode).toBe(404);
      expect(content.rawPayload.includes(Buffer.from(MARKER))).toBe(false);
      expect(await audits('document.list', account, 'denied')).toHaveLength(1);
      expect(await audits('document.download', account, 'denied')).toHaveLength(1);
      expect(await audits('document.download', account, 'success')).toHaveLength(0);
    }
    const intoOther = await upload(otherPatient, patient.patientId!, { data: pdf(), filename: 'a.pdf', contentType: 'application/pdf' });
    expect(intoOther.statusCode).toBe(404);
    const fromBilling = await upload(billing, patient.patientId!, { data: pdf(), filename: 'a.pdf', contentType: 'application/pdf' });
    expect(fromBilling.statusCode).toBe(403); // billing holds no upload permission at all
    expect(await state()).toEqual(before);
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknown = await api(t, 'GET', `/api/v1/documents/${unknownId}`, { token: doctor.token });
    expect(unknown.statusCode).toBe(404);
    // Refused like a document the doctor may not see: a denied row naming the id asked for.
    const refused = (await audits('document.read', doctor, 'denied')).filter((row) => row.resourceId === unknownId);
    expect(refused.map(({ patientId, detail }) => ({ patientId, detail }))).toEqual([
      { patientId: null, detail: { reason: 'unknown_patient' } },
    ]);
  });

  it('lists active documents; entered-in-error hides a document (patients may retract only their own uploads)', async () => {
    const list = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/documents`, { token: patient.token });
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((d: { id: string }) => d.id)
        .sort(),
    ).toEqual([patientPdfId, dicomId].sort());

    const byPatient = await api(t, 'DELETE', `/api/v1/documents/${dicomId}`, { token: patient.token });
    expect(byPatient.statusCode).toBe(404);
    expect(await audits('document.delete', patient, 'denied')).toHaveLength(1);
    expect((await t.db.select().from(documents).where(eq(documents.id, dicomId)))[0]!.status).toBe('active');

    const own = await api(t, 'DELETE', `/api/v1/documents/${patientPdfId}`, { token: patient.token });
    expect(own.statusCode).toBe(204);
    const [row] = await t.db.select().from(documents).where(eq(documents.id, patientPdfId));
    expect(row).toMatchObject({ status: 'entered-in-error', enteredInErrorBy: patient.userId });
    expect((await api(t, 'GET', `/api/v1/documents/${patientPdfId}/content`, { token: doctor.token })).statusCode).toBe(404);
    const after = await api(t, 'GET', `/api/v1/patients/${patient.patientId}/documents`, { token: doctor.token });
    expect(after.json().items.map((d: { id: string }) => d.id)).toEqual([dicomId]);
  });

  it('uploads through the portal form with CSRF, shows images inline and PDFs in the bundled viewer', async () => {
    const session = new PageSession(t, patient.cookie);
    /** A browser posting the form: the page is fetched first, its token and one-time key sent back. */
    const post = async (forge: boolean, file: Buffer, filename: string, contentType: string) => {
      const page = await session.get('/portal/documents');
      expect(page.statusCode).toBe(200);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const key = /name="_idempotency" value="([^"]+)"/.exec(page.body)![1]!;
      const { payload, contentType: ct } = multipartBody([
        { name: '_csrf', value: forge ? 'forged' : token },
        { name: '_idempotency', value: key },
        { name: 'category', value: 'other' },
        { name: 'title', value: 'My scan' },
        { name: 'file', filename, contentType, data: file },
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/portal/documents',
        headers: { cookie: `${patient.cookie}; _csrf=${session.cookie('_csrf')}`, 'content-type': ct, accept: 'text/html' },
        payload,
      });
    };
    const before = await state();
    const forged = await post(true, makePng(), 'scan.png', 'image/png');
    expect(forged.statusCode).toBe(403);
    expect(await state()).toEqual(before);
    const html = await post(false, Buffer.from('<html></html>'), 'scan.png', 'image/png');
    expect(html.statusCode).toBe(415);
    expect(html.body).toContain('This file is not a PDF, PNG, JPEG or DICOM file');
    expect(await state()).toEqual(before);

    const png = makePng({ text: 'portal png' });
    const ok = await post(false, png, 'scan.png', 'image/png');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/portal/documents?uploaded=1#documents');
    const [row] = await t.db
      .select()
      .from(documents)
      .where(and(eq(documents.patientId, patient.patientId!), eq(documents.title, 'My scan')));
    pngId = row!.id;

    const view = await session.get(`/documents/${pngId}/view`);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain(`<img class="document-image" src="/documents/${pngId}/image"`);
    const image = await session.get(`/documents/${pngId}/image`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toContain('inline');
    expect(image.rawPayload.equals(png)).toBe(true);
    const download = await session.get(`/documents/${pngId}/download`);
    expect(download.headers['content-disposition']).toContain('attachment');

    // Staff see the list for the patient; a PDF is drawn by pdf.js, a DICOM shows its metadata.
    const staff = new PageSession(t, doctor.cookie);
    const list = await staff.get(`/staff/patients/${patient.patientId}/documents`);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(`/documents/${dicomId}/view`);
    const pdfDoc = await upload(
      doctor,
      patient.patientId!,
      { data: pdf('viewer'), filename: 'r.pdf', contentType: 'application/pdf' },
      { category: 'referral', title: 'Referral letter' },
    );
    const pdfView = await staff.get(`/documents/${pdfDoc.json().id}/view`);
    expect(pdfView.body).toContain('<script type="module" src="/assets/records/document-viewer.mjs"></script>');
    expect(pdfView.body).toContain('data-worker="/assets/records/pdf.worker.min.mjs"');
    expect((await staff.get(`/documents/${pdfDoc.json().id}/image`)).statusCode).toBe(404);
    const dicomView = await staff.get(`/documents/${dicomId}/view`);
    expect(dicomView.body).toContain('CT CHEST W/O CONTRAST');
    expect((await new PageSession(t, billing.cookie).get(`/documents/${dicomId}/view`)).statusCode).toBe(404);

    for (const name of ['pdf.min.mjs', 'pdf.worker.min.mjs', 'document-viewer.mjs']) {
      const asset = await api(t, 'GET', `/assets/records/${name}`);
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    }
    expect((await api(t, 'GET', '/assets/records/package.json')).statusCode).toBe(404);
  });
});
