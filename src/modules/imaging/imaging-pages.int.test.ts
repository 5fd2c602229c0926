import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, createPatientRecord, type TestAccount } from '../../../test/helpers/actors.js';
import { putOnCareTeam } from '../../../test/helpers/patients.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { multipartBody } from '../../../test/helpers/uploads.js';
import { makeCompressedImagingDicom } from '../../../test/helpers/dicom-compressed.js';
import { imagingInstances, imagingOrders, makeImagingDicom } from './index.js';

const t = useTestApp();

let doctor: TestAccount;
let radiologist: TestAccount;
let nurseOutsider: TestAccount;
let patient: { id: string; mrn: string };

const uploadApi = (orderId: string, data: Buffer) => {
  const { payload, contentType } = multipartBody([{ name: 'file', filename: 'a.dcm', contentType: 'application/dicom', data }]);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/imaging-orders/${orderId}/instances`,
    headers: { authorization: `Bearer ${radiologist.token}`, 'content-type': contentType },
    payload,
  });
};

beforeAll(async () => {
  doctor = await createAccount(t, { role: 'doctor' });
  radiologist = await createAccount(t, { role: 'radiologist' });
  nurseOutsider = await createAccount(t, { role: 'nurse' });
  const row = await createPatientRecord(t, { givenName: 'Ana', familyName: 'Lopez' });
  patient = { id: row.id, mrn: String(row.mrn) };
  await putOnCareTeam(t, patient.id, doctor.staffId!);
});

describe('imaging pages', () => {
  it('a doctor orders from the page; radiology sees it on the worklist, uploads and reports; the viewer loads the images', async () => {
    const doc = new PageSession(t, doctor.cookie);
    const page = await doc.get(`/staff/patients/${patient.id}/imaging`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('CT scan');
    const bad = await doc.post(`/staff/patients/${patient.id}/imaging`, {
      modality: 'CT',
      bodyPart: '',
      indication: 'x',
      priority: 'stat',
    });
    expect(bad.statusCode).toBe(400);
    const created = await doc.post(`/staff/patients/${patient.id}/imaging`, {
      modality: 'MR',
      bodyPart: 'Head',
      indication: 'Headache with red flags',
      priority: 'stat',
    });
    expect(created.statusCode, created.body).toBe(303);
    const [order] = await t.db.select().from(imagingOrders).where(eq(imagingOrders.patientId, patient.id));
    expect(order).toMatchObject({ modality: 'MR', priority: 'stat', status: 'ordered' });

    const rad = new PageSession(t, radiologist.cookie);
    const worklist = await rad.get('/staff/imaging/worklist');
    expect(worklist.statusCode).toBe(200);
    expect(worklist.body).toContain(`/staff/imaging/orders/${order!.id}`);
    expect(worklist.body).toContain('Stat (immediately)');

    const detail = await rad.get(`/staff/imaging/orders/${order!.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain('multipart/form-data');
    const dicom = (n: number) =>
      makeImagingDicom({ patientId: patient.mrn, patientName: 'Lopez^Ana', instanceNumber: n, modality: 'MR', bodyPart: 'HEAD' });
    expect((await uploadApi(order!.id, dicom(1))).statusCode).toBe(201);
    expect((await uploadApi(order!.id, dicom(2))).statusCode).toBe(201);

    const draft = await rad.post(`/staff/imaging/orders/${order!.id}/report`, {
      findings: 'Normal brain.',
      impression: 'No acute finding.',
    });
    expect(draft.statusCode, draft.body).toBe(303);
    const version = (await rad.get(`/staff/imaging/orders/${order!.id}`)).body.match(
      /action="[^"]*\/report\/sign"[\s\S]*?name="_version" value="(\d+)"/,
    )?.[1];
    expect(version).toBeDefined();
    const signed = await rad.post(`/staff/imaging/orders/${order!.id}/report/sign`, { _version: version! });
    expect(signed.statusCode, signed.body).toBe(303);
    const chartSide = await doc.get(`/staff/imaging/orders/${order!.id}`);
    expect(chartSide.body).toContain('No acute finding.');
    expect(chartSide.body).toContain('Signed by');

    const viewer = await doc.get(`/staff/imaging/orders/${order!.id}/viewer`);
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain('/assets/imaging/imaging-viewer.mjs');
    // The viewer page alone adds worker-src 'self' (dwv's decoders); everything else is the app's policy.
    const viewerPolicy = String(viewer.headers['content-security-policy']);
    const orderPolicy = String(chartSide.headers['content-security-policy']);
    expect(viewerPolicy).toContain("script-src 'self'");
    expect(viewerPolicy).toContain("worker-src 'self'");
    expect(orderPolicy).not.toContain('worker-src');
    expect(viewerPolicy).toBe(`${orderPolicy};worker-src 'self'`);
    for (const other of ['/staff/imaging/worklist', `/staff/patients/${patient.id}/imaging`]) {
      const policy = String((await rad.get(other)).headers['content-security-policy']);
      expect(policy, other).toBe(orderPolicy);
    }
    const urls = JSON.parse(
      viewer.body
        .match(/data-urls="([^"]+)"/)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&#34;/g, '"'),
    ) as string[];
    expect(urls).toHaveLength(2);
    const views = () =>
      t.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, 'imaging_study.view'), eq(auditEvents.actorUserId, doctor.userId)));
    const before = (await views()).length;
    for (const url of urls) {
      const bytes = await doc.get(url);
      expect(bytes.statusCode).toBe(200);
      expect(bytes.headers['content-type']).toBe('application/dicom');
      expect(bytes.rawPayload.subarray(128, 132).toString('latin1')).toBe('DICM');
    }
    expect((await views()).length).toBe(before); // one row per view, not per image

    const outsider = new PageSession(t, nurseOutsider.cookie);
    expect((await outsider.get(`/staff/imaging/orders/${order!.id}/viewer`)).statusCode).toBe(404);
    expect((await outsider.get(urls[0]!)).statusCode).toBe(404);
  });

  it('serves the viewer library from the app with long cache headers, imports rewritten to its own files', async () => {
    const dwv = await t.app.inject({ method: 'GET', url: '/assets/imaging/dwv.mjs' });
    expect(dwv.statusCode).toBe(200);
    expect(dwv.headers['cache-control']).toContain('max-age=31536000');
    expect(dwv.body).toContain('from"./konva.mjs"');
    expect(dwv.body).not.toContain('from"konva"');
    for (const name of ['konva.mjs', 'jszip.mjs', 'magic-wand.mjs', 'imaging-viewer.mjs', 'imaging-viewer.css']) {
      expect((await t.app.inject({ method: 'GET', url: `/assets/imaging/${name}` })).statusCode).toBe(200);
    }
    expect((await t.app.inject({ method: 'GET', url: '/assets/imaging/package.json' })).statusCode).toBe(404);
    // dwv starts its decoder workers relative to its own address, which serves them.
    expect(dwv.body).toContain('i.b=import.meta.url');
    expect(dwv.body).not.toContain('document.baseURI');
    for (const name of ['rle', 'jpegloss', 'jpegbaseline', 'jpeg2000']) {
      const worker = await t.app.inject({ method: 'GET', url: `/assets/imaging/assets/workers/${name}.worker.min.js` });
      expect(worker.statusCode, name).toBe(200);
      expect(worker.headers['content-type']).toContain('text/javascript');
      expect(worker.headers['cache-control']).toContain('immutable');
    }
    for (const refused of ['labeling.worker.min.js', 'rle.worker.min.js.map', 'dwv.mjs', '..%2Fdwv.mjs']) {
      expect((await t.app.inject({ method: 'GET', url: `/assets/imaging/assets/workers/${refused}` })).statusCode, refused).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/assets/imaging/rle.worker.min.js' })).statusCode).toBe(404);
  });

  it('compressed studies (RLE, JPEG lossless) are accepted, stored and listed for the viewer', async () => {
    const doc = new PageSession(t, doctor.cookie);
    for (const [kind, uid] of [
      ['rle', '1.2.826.0.1.3680043.8.498.71'],
      ['jpeg-lossless', '1.2.826.0.1.3680043.8.498.72'],
    ] as const) {
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/patients/${patient.id}/imaging-orders`,
        headers: { authorization: `Bearer ${doctor.token}` },
        payload: { modality: 'CT', bodyPart: 'Head', indication: `Compressed ${kind}`, priority: 'routine' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const orderId = created.json<{ id: string }>().id;
      const file = makeCompressedImagingDicom(kind, { patientId: patient.mrn, patientName: 'Lopez^Ana', studyInstanceUid: uid, size: 64 });
      expect((await uploadApi(orderId, file)).statusCode, kind).toBe(201);
      const [instance] = await t.db.select().from(imagingInstances).where(eq(imagingInstances.orderId, orderId));
      expect(instance).toMatchObject({ studyInstanceUid: uid });
      const viewer = await doc.get(`/staff/imaging/orders/${orderId}/viewer`);
      expect(viewer.statusCode).toBe(200);
      expect(viewer.body).toContain(`/staff/imaging/orders/${orderId}/instances/${instance!.id}`);
    }
  });

  it('the radiographer reaches the worklist from the navigation and gets the upload and schedule forms; the report is refused', async () => {
    const radiographer = await createAccount(t, { role: 'radiographer' });
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/patients/${patient.id}/imaging-orders`,
      headers: { authorization: `Bearer ${doctor.token}` },
      payload: { modality: 'DX', bodyPart: 'Left wrist', indication: 'Fall on outstretched hand', priority: 'urgent' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const orderId = created.json<{ id: string }>().id;
    const tech = new PageSession(t, radiographer.cookie);
    expect((await tech.get('/staff')).body).toContain('href="/staff/imaging/worklist"');
    const worklist = await tech.get('/staff/imaging/worklist');
    expect(worklist.statusCode).toBe(200);
    expect(worklist.body).toContain(`/staff/imaging/orders/${orderId}`);
    const page = await tech.get(`/staff/imaging/orders/${orderId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/staff/imaging/orders/${orderId}/instances"`);
    expect(page.body).toContain(`action="/staff/imaging/orders/${orderId}/schedule"`);
    const draft = await tech.post(`/staff/imaging/orders/${orderId}/report`, { findings: 'x', impression: 'y' });
    expect(draft.statusCode).toBe(403);
  });
});
