import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { storedFiles } from '../../platform/files/files.tables.js';
import { api, useTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { makeJpeg, makePng, multipartBody, PNG_SIGNATURE, type MultipartPart } from '../../../test/helpers/uploads.js';
import { staffProfiles } from './staff.tables.js';
import { filesUnder } from '../../../test/helpers/files-on-disk.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'carewell-photos-'));
const logLines: string[] = [];

describe('staff photos', () => {
  const t: TestApp = useTestApp({ env: { DATA_DIR: dataDir }, logDestination: { write: (line) => void logLines.push(line) } });
  let alice: TestAccount; // doctor, uploads her own photo
  let bruno: TestAccount; // nurse, no photo
  let admin: TestAccount;
  let patient: TestAccount;
  const png = makePng({ width: 8, height: 8, text: 'carewell-known-chunk' });

  beforeAll(async () => {
    alice = await createAccount(t, { role: 'doctor', givenName: 'Alice', familyName: 'Adams' });
    bruno = await createAccount(t, { role: 'nurse', givenName: 'Bruno', familyName: 'Baptiste' });
    admin = await createAccount(t, { role: 'admin', givenName: 'Ada', familyName: 'Admin' });
    patient = await createAccount(t, { role: 'patient' });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const filesRoot = path.join(dataDir, 'files');
  const objectPath = (id: string) => path.join(filesRoot, 'objects', id.slice(0, 2), id);
  const state = async () => ({
    rows: (await t.db.select({ id: storedFiles.id }).from(storedFiles)).map((r) => r.id).sort(),
    objects: filesUnder(path.join(filesRoot, 'objects'))
      .map((p) => path.basename(p))
      .sort(),
    partial: filesUnder(path.join(filesRoot, 'tmp')),
  });
  const photoOf = async (account: TestAccount) =>
    (await t.db.select({ photoFileId: staffProfiles.photoFileId }).from(staffProfiles).where(eq(staffProfiles.id, account.staffId!)))[0]!
      .photoFileId;

  const putPhoto = (
    account: TestAccount,
    staffId: string,
    file: Buffer,
    options: { filename?: string; contentType?: string; field?: string } = {},
  ) => {
    const { payload, contentType } = multipartBody([
      {
        name: options.field ?? 'photo',
        filename: options.filename ?? 'photo.png',
        contentType: options.contentType ?? 'image/png',
        data: file,
      },
    ]);
    return t.app.inject({
      method: 'PUT',
      url: `/api/v1/staff/${staffId}/photo`,
      headers: { authorization: `Bearer ${account.token}`, 'content-type': contentType },
      payload,
    });
  };

  it('stores an uploaded PNG encrypted, links it to the profile and serves the same bytes back', async () => {
    const res = await putPhoto(alice, alice.staffId!, png);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const fileId = await photoOf(alice);
    expect(fileId).toEqual(expect.any(String));
    expect(body).toEqual({
      photoUrl: `/api/v1/staff/${alice.staffId}/photo?v=${fileId!.slice(0, 8)}`,
      contentType: 'image/png',
      sizeBytes: png.length,
      sha256: createHash('sha256').update(png).digest('hex'),
    });

    const [row] = await t.db.select().from(storedFiles).where(eq(storedFiles.id, fileId!));
    expect(row).toMatchObject({
      purpose: 'staff_photo',
      contentType: 'image/png',
      sizeBytes: png.length,
      sha256: body.sha256,
      keyId: 'v1',
      createdBy: alice.userId,
    });
    const onDisk = readFileSync(objectPath(fileId!));
    expect(onDisk.includes(PNG_SIGNATURE)).toBe(false);
    expect(onDisk.includes(Buffer.from('IHDR'))).toBe(false);
    expect(onDisk.includes(Buffer.from('carewell-known-chunk'))).toBe(false);
    expect((await state()).partial).toEqual([]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff.photo.update'), eq(auditEvents.resourceId, alice.staffId!)));
    expect(audit).toMatchObject({ outcome: 'success', actorUserId: alice.userId, detail: { fileId, previousFileId: null } });

    // Anyone who may read the directory sees it, patients included.
    const get = await api(t, 'GET', body.photoUrl, { token: patient.token });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload.equals(png)).toBe(true);
    expect(get.headers['content-type']).toBe('image/png');
    expect(get.headers['x-content-type-options']).toBe('nosniff');
    expect(get.headers['content-disposition']).toBe('inline; filename="photo.png"');
    expect(get.headers['cache-control']).toBe('private, max-age=300');
  });

  it('replaces a photo: the old row and bytes go, a JPEG is served as a JPEG', async () => {
    const old = (await photoOf(alice))!;
    const jpeg = makeJpeg();
    const res = await putPhoto(alice, alice.staffId!, jpeg, { filename: 'me.jpg', contentType: 'image/jpeg' });
    expect(res.statusCode).toBe(200);
    const current = (await photoOf(alice))!;
    expect(current).not.toBe(old);
    expect(await t.db.select().from(storedFiles).where(eq(storedFiles.id, old))).toEqual([]);
    expect((await state()).objects).not.toContain(old);
    const get = await api(t, 'GET', `/api/v1/staff/${alice.staffId}/photo`, { token: bruno.token });
    expect(get.headers['content-type']).toBe('image/jpeg');
    expect(get.headers['content-disposition']).toBe('inline; filename="photo.jpg"');
    expect(get.rawPayload.equals(jpeg)).toBe(true);
    // Back to the PNG for the tests below.
    expect((await putPhoto(alice, alice.staffId!, png)).statusCode).toBe(200);
  });

  it('refuses HTML named and declared as a PNG, and JPEG bytes declared as PNG (415), leaving nothing', async () => {
    const before = await state();
    const photo = await photoOf(alice);
    const html = Buffer.from('<!doctype html><html><body><script>fetch("/api/v1/me")</script></body></html>');
    const asHtml = await putPhoto(alice, alice.staffId!, html, { filename: 'photo.png', contentType: 'image/png' });
    expect(asHtml.statusCode).toBe(415);
    expect(asHtml.json().code).toBe('unsupported_media_type');
    const mislabelled = await putPhoto(alice, alice.staffId!, makeJpeg(), { filename: 'photo.png', contentType: 'image/png' });
    expect(mislabelled.statusCode).toBe(415);
    expect(mislabelled.json().code).toBe('unsupported_media_type');
    const pdf = await putPhoto(alice, alice.staffId!, Buffer.from('%PDF-1.7\n'.padEnd(500, 'x')), {
      filename: 'cv.pdf',
      contentType: 'application/pdf',
    });
    expect(pdf.statusCode).toBe(415);
    expect(await state()).toEqual(before);
    expect(await photoOf(alice)).toBe(photo);
  });

  it('refuses a 3 MiB upload with 413, leaving nothing', async () => {
    const before = await state();
    const res = await putPhoto(alice, alice.staffId!, makePng({ padding: 3 * 1024 * 1024 }));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expect(await state()).toEqual(before);
  });

  it('lets only the member themself or an administrator change a photo', async () => {
    const before = await state();
    const other = await putPhoto(bruno, alice.staffId!, makePng({ text: 'not mine' }));
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden');
    const fromPatient = await putPhoto(patient, alice.staffId!, makePng());
    expect(fromPatient.statusCode).toBe(403);
    const remove = await api(t, 'DELETE', `/api/v1/staff/${alice.staffId}/photo`, { token: bruno.token });
    expect(remove.statusCode).toBe(403);
    expect(await state()).toEqual(before);
    const denied = await t.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, 'staff.photo.update'), eq(auditEvents.outcome, 'denied'), eq(auditEvents.actorUserId, bruno.userId)),
      );
    expect(denied.length).toBe(2);

    const unknown = await putPhoto(admin, '00000000-0000-4000-8000-000000000000', makePng());
    expect(unknown.statusCode).toBe(404);
    const byAdmin = await putPhoto(admin, bruno.staffId!, makePng({ text: 'set by admin' }));
    expect(byAdmin.statusCode).toBe(200);
    const [row] = await t.db
      .select()
      .from(storedFiles)
      .where(eq(storedFiles.id, (await photoOf(bruno))!));
    expect(row!.createdBy).toBe(admin.userId);
  });

  it('removes a photo: row and bytes gone, then 404; a second removal is harmless', async () => {
    const fileId = (await photoOf(bruno))!;
    const res = await api(t, 'DELETE', `/api/v1/staff/${bruno.staffId}/photo`, { token: bruno.token });
    expect(res.statusCode).toBe(204);
    expect(await photoOf(bruno)).toBeNull();
    expect(await t.db.select().from(storedFiles).where(eq(storedFiles.id, fileId))).toEqual([]);
    expect((await state()).objects).not.toContain(fileId);
    const get = await api(t, 'GET', `/api/v1/staff/${bruno.staffId}/photo`, { token: alice.token });
    expect(get.statusCode).toBe(404);
    expect(get.json().code).toBe('not_found');
    expect((await api(t, 'DELETE', `/api/v1/staff/${bruno.staffId}/photo`, { token: bruno.token })).statusCode).toBe(204);
    expect(
      (
        await t.db
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.action, 'staff.photo.delete'), eq(auditEvents.resourceId, bruno.staffId!)))
      ).length,
    ).toBe(1);
  });

  it('refuses a request that is not multipart, or has no "photo" file, before storing anything', async () => {
    const before = await state();
    const json = await api(t, 'PUT', `/api/v1/staff/${alice.staffId}/photo`, { token: alice.token, body: { photo: 'iVBORw0KGgo=' } });
    expect(json.statusCode).toBe(415);
    const wrongField = await putPhoto(alice, alice.staffId!, png, { field: 'picture' });
    expect(wrongField.statusCode).toBe(400);
    expect(wrongField.json().errors).toEqual([{ path: 'photo', message: 'Choose a PNG or JPEG image.' }]);
    expect(await state()).toEqual(before);
  });

  it('shows a photo in the directory API and page only when there is one', async () => {
    const list = await api(t, 'GET', '/api/v1/staff?limit=100', { token: patient.token });
    const byName = new Map((list.json().items as { name: string; photoUrl: string | null }[]).map((i) => [i.name, i.photoUrl]));
    const aliceUrl = `/api/v1/staff/${alice.staffId}/photo?v=${(await photoOf(alice))!.slice(0, 8)}`;
    expect(byName.get('Alice Adams')).toBe(aliceUrl);
    expect(byName.get('Bruno Baptiste')).toBeNull();

    const page = await new PageSession(t, bruno.cookie).get('/staff/directory');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<img class="staff-photo" src="${aliceUrl.replace('&', '&amp;')}" alt="Alice Adams"`);
    expect(page.body.match(/<img class="staff-photo"/g)).toHaveLength(1);
    expect(page.body).not.toContain('alt="Bruno Baptiste"');
  });

  it('never serves damaged bytes: a flipped byte on disk is a logged 500 without names', async () => {
    const fileId = (await photoOf(alice))!;
    const file = objectPath(fileId);
    const original = readFileSync(file);
    const damaged = Buffer.from(original);
    damaged[20]! ^= 0x40;
    writeFileSync(file, damaged);
    logLines.length = 0;
    const res = await api(t, 'GET', `/api/v1/staff/${alice.staffId}/photo`, { token: bruno.token });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('internal_error');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.rawPayload.includes(PNG_SIGNATURE)).toBe(false);
    const failure = logLines.find((l) => l.includes('stored file failed its integrity check'));
    expect(failure).toBeDefined();
    expect(JSON.parse(failure!)).toMatchObject({ fileId, purpose: 'staff_photo', reason: 'segment_failed' });
    const all = logLines.join('\n');
    for (const secret of ['Alice', 'Adams', alice.email, bruno.email, alice.token]) expect(all).not.toContain(secret);
    writeFileSync(file, original);
    expect((await api(t, 'GET', `/api/v1/staff/${alice.staffId}/photo`, { token: bruno.token })).statusCode).toBe(200);
  });

  let lastKey = '';
  /** A browser posting the multipart form: the session and CSRF cookies, the token read from the page. */
  async function postPhotoForm(
    session: PageSession,
    account: TestAccount,
    pageUrl: string,
    fields: (token: string, key: string) => MultipartPart[],
    withToken = true,
  ) {
    const page = await session.get(pageUrl);
    expect(page.statusCode).toBe(200);
    const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/.exec(page.body);
    expect(form).not.toBeNull();
    const token = /name="_csrf" value="([^"]+)"/.exec(form![2]!)![1]!;
    const key = /name="_idempotency" value="([^"]+)"/.exec(form![2]!)![1]!;
    const parts = fields(withToken ? token : 'forged', key);
    const sent = parts.find((p) => p.name === '_idempotency');
    if (sent && 'value' in sent && sent.value === key) lastKey = key;
    const { payload, contentType } = multipartBody(parts);
    return t.app.inject({
      method: 'POST',
      url: form![1]!,
      headers: { cookie: `${account.cookie}; _csrf=${session.cookie('_csrf')}`, 'content-type': contentType, accept: 'text/html' },
      payload,
    });
  }

  it('uploads through the form on the staff home, with the CSRF token checked', async () => {
    const session = new PageSession(t, bruno.cookie);
    const home = await session.get('/staff');
    expect(home.body).toContain('Your photo');
    expect(home.body).toContain(`action="/staff/${bruno.staffId}/photo" enctype="multipart/form-data"`);

    const forged = await postPhotoForm(
      session,
      bruno,
      '/staff',
      (token, key) => [
        { name: '_csrf', value: token },
        { name: '_idempotency', value: key },
        { name: 'photo', filename: 'me.png', contentType: 'image/png', data: png },
      ],
      false,
    );
    expect(forged.statusCode).toBe(403);
    expect(await photoOf(bruno)).toBeNull();

    const wrongType = await postPhotoForm(session, bruno, '/staff', (token, key) => [
      { name: '_csrf', value: token },
      { name: '_idempotency', value: key },
      { name: 'from', value: 'home' },
      { name: 'photo', filename: 'me.png', contentType: 'image/png', data: Buffer.from('<html>not an image</html>') },
    ]);
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.body).toContain('Choose a PNG or JPEG image.');
    expect(wrongType.body).toContain('id="f-photo-error"');
    expect(await photoOf(bruno)).toBeNull();

    const ok = await postPhotoForm(session, bruno, '/staff', (token, key) => [
      { name: '_csrf', value: token },
      { name: '_idempotency', value: key },
      { name: 'from', value: 'home' },
      { name: 'photo', filename: 'me.png', contentType: 'image/png', data: png },
    ]);
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/staff?photo=saved#photo');
    const fileId = await photoOf(bruno);
    expect(fileId).not.toBeNull();
    // The same form sent twice (a double click): the second goes where the first went, storing nothing.
    const rowsBefore = (await state()).rows;
    const again = await postPhotoForm(session, bruno, '/staff', (token) => [
      { name: '_csrf', value: token },
      { name: '_idempotency', value: lastKey },
      { name: 'from', value: 'home' },
      { name: 'photo', filename: 'me.png', contentType: 'image/png', data: png },
    ]);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/staff?photo=saved#photo');
    expect((await state()).rows).toEqual(rowsBefore);
    expect(await photoOf(bruno)).toBe(fileId);
    const after = await session.get('/staff?photo=saved');
    expect(after.body).toContain('Your photo was saved.');
    expect(after.body).toContain(`alt="Bruno Baptiste"`);

    const removed = await session.post(`/staff/${bruno.staffId}/photo/delete`, { from: 'home' });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe('/staff?photo=removed#photo');
    expect(await photoOf(bruno)).toBeNull();
    expect(await t.db.select().from(storedFiles).where(eq(storedFiles.id, fileId!))).toEqual([]);
  });

  it("uploads through the form on the administrator's staff page", async () => {
    const session = new PageSession(t, admin.cookie);
    const res = await postPhotoForm(session, admin, `/admin/staff/${bruno.staffId}`, (token, key) => [
      { name: '_csrf', value: token },
      { name: '_idempotency', value: key },
      { name: 'from', value: 'admin' },
      { name: 'photo', filename: 'bruno.jpg', contentType: 'image/jpeg', data: makeJpeg() },
    ]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/staff/${bruno.staffId}#photo`);
    const [row] = await t.db
      .select()
      .from(storedFiles)
      .where(eq(storedFiles.id, (await photoOf(bruno))!));
    expect(row).toMatchObject({ contentType: 'image/jpeg', createdBy: admin.userId });
    const detail = await session.get(`/admin/staff/${bruno.staffId}`);
    expect(detail.body).toContain('alt="Bruno Baptiste"');
    const adminApi = await api(t, 'GET', `/api/v1/admin/staff/${bruno.staffId}`, { token: admin.token });
    expect(adminApi.json().photoUrl).toMatch(new RegExp(`^/api/v1/staff/${bruno.staffId}/photo\\?v=`));
  });
});
