import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.js';
import { readUploadFields, takeUpload } from '../../platform/files/multipart-upload.js';
import { serviceContext } from '../../platform/http/context.js';
import { pageContext } from '../../platform/views/page-context.js';
import { sendPage } from '../../platform/views/render.js';
import { findStaffById } from './services/staff-directory.service.js';
import { removeStaffPhoto, replaceStaffPhoto } from './services/staff-photo.service.js';
import { STAFF_PHOTO_MAX_BYTES, staffIdParamsSchema } from './staff.schemas.js';
import { StaffPhotoPage, type PhotoFormOrigin } from './views/staff-photo.js';

function staffIdOf(request: FastifyRequest): string {
  const parsed = staffIdParamsSchema.safeParse(request.params);
  if (!parsed.success) throw new AppError('not_found', 'The staff member was not found.');
  return parsed.data.id;
}

function originOf(request: FastifyRequest): PhotoFormOrigin {
  return (request.body as Record<string, unknown> | undefined)?.from === 'admin' ? 'admin' : 'home';
}

function returnTo(origin: PhotoFormOrigin, staffId: string, done: 'saved' | 'removed'): string {
  return origin === 'admin' ? `/admin/staff/${staffId}#photo` : `/staff?photo=${done}#photo`;
}

/** The photo forms on the staff home and on the administrator's staff page post here. */
export function registerStaffPhotoPages(app: FastifyInstance): void {
  const { db, files } = app.deps;

  app.post(
    '/staff/:id/photo',
    { config: { permission: 'account' }, preValidation: readUploadFields({ maxBytes: STAFF_PHOTO_MAX_BYTES }), schema: { hide: true } },
    async (request, reply) => {
      const staffId = staffIdOf(request);
      const origin = originOf(request);
      try {
        await replaceStaffPhoto(db, files, serviceContext(request), staffId, takeUpload(request));
        return reply.redirect(returnTo(origin, staffId, 'saved'), 303);
      } catch (error) {
        if (!(error instanceof AppError) || ![400, 413, 415].includes(error.status)) throw error;
        const ctx = pageContext(request, reply);
        const message = ctx.t(
          error.status === 413 ? 'staff.photo_error_size' : error.status === 415 ? 'staff.photo_error_type' : 'staff.photo_error_missing',
        );
        const member = await findStaffById(db, staffId);
        if (!member) throw error;
        const subject = { staffId, name: member.name, photoUrl: member.photoUrl };
        return sendPage(
          reply,
          <StaffPhotoPage ctx={ctx} subject={subject} from={origin} errors={[{ path: 'photo', message }]} />,
          error.status,
        );
      }
    },
  );

  app.post('/staff/:id/photo/delete', { config: { permission: 'account' }, schema: { hide: true } }, async (request, reply) => {
    const staffId = staffIdOf(request);
    await removeStaffPhoto(db, files, serviceContext(request), staffId);
    return reply.redirect(returnTo(originOf(request), staffId, 'removed'), 303);
  });
}
