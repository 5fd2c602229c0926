import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadFields, takeUpload } from '../../platform/files/multipart-upload.js';
import { serviceContext, userActor } from '../../platform/http/context.js';
import { getStaffPhoto, removeStaffPhoto, replaceStaffPhoto } from './services/staff-photo.service.js';
import { STAFF_PHOTO_MAX_BYTES, staffIdParamsSchema, staffPhotoSchema } from './staff.schemas.js';

const tags = ['Staff directory'];

/** Optional staff photos: the member themself or an administrator changes them; anyone signed in sees them. */
export function registerStaffPhotoApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, files } = app.deps;

  r.put(
    '/api/v1/staff/:id/photo',
    {
      // Any signed-in person reaches the service, which allows the member themself or an administrator.
      config: { permission: 'account' },
      preValidation: readUploadFields({ maxBytes: STAFF_PHOTO_MAX_BYTES }),
      schema: {
        tags,
        summary:
          'Set a staff photo: multipart/form-data with one file field "photo", PNG or JPEG, at most 2 MiB (own photo, or any as administrator)',
        consumes: ['multipart/form-data'],
        params: staffIdParamsSchema,
        response: { 200: staffPhotoSchema },
      },
    },
    async (request) => replaceStaffPhoto(db, files, serviceContext(request), request.params.id, takeUpload(request)),
  );

  r.delete(
    '/api/v1/staff/:id/photo',
    {
      config: { permission: 'account' },
      schema: {
        tags,
        summary: 'Remove a staff photo (own photo, or any as administrator)',
        params: staffIdParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await removeStaffPhoto(db, files, serviceContext(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/staff/:id/photo',
    {
      config: { permission: 'staff.directory' },
      schema: {
        tags,
        summary: 'A staff photo (image/png or image/jpeg); 404 when there is none',
        params: staffIdParamsSchema,
        // Buffers are sent as they are (never serialized); the schema documents the binary body.
        response: { 200: z.string().describe('The image bytes (image/png or image/jpeg)') },
      },
    },
    async (request, reply) => {
      const photo = await getStaffPhoto(db, files, userActor(request), request.params.id);
      return (
        reply
          .header('content-type', photo.contentType)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `inline; filename="photo.${photo.extension}"`)
          .header('cache-control', 'private, max-age=300')
          // The typed reply expects the documented schema's type; a Buffer is what goes out.
          .send(photo.bytes as unknown as string)
      );
    },
  );
}
