import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getDirectoryEntry, listDepartments, listSpecialties, listStaffDirectory } from './services/staff-directory.service.js';
import {
  departmentSchema,
  specialtiesQuerySchema,
  specialtySchema,
  staffDirectoryEntrySchema,
  staffDirectoryListSchema,
  staffDirectoryQuerySchema,
  staffIdParamsSchema,
} from './staff.schemas.js';
import { listResponseSchema } from '../../platform/http/api-helpers.js';

const tags = ['Staff directory'];

/** The public staff directory: patients use it too when they choose a clinician. */
export function registerStaffApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/staff',
    {
      config: { permission: 'staff.directory' },
      schema: {
        tags,
        summary: 'Search the staff directory (name, department, specialty, language, role)',
        querystring: staffDirectoryQuerySchema,
        response: { 200: staffDirectoryListSchema },
      },
    },
    async (request) => listStaffDirectory(db, request.query),
  );

  r.get(
    '/api/v1/staff/:id',
    {
      config: { permission: 'staff.directory' },
      schema: {
        tags,
        summary: 'One staff member in the directory',
        params: staffIdParamsSchema,
        response: { 200: staffDirectoryEntrySchema },
      },
    },
    async (request) => getDirectoryEntry(db, request.params.id),
  );

  r.get(
    '/api/v1/departments',
    {
      config: { permission: 'staff.directory' },
      schema: { tags, summary: 'Hospital departments', response: { 200: listResponseSchema(departmentSchema) } },
    },
    async () => ({ items: await listDepartments(db), nextCursor: null }),
  );

  r.get(
    '/api/v1/specialties',
    {
      config: { permission: 'staff.directory' },
      schema: {
        tags,
        summary: 'Clinical specialties, optionally of one department',
        querystring: specialtiesQuerySchema,
        response: { 200: listResponseSchema(specialtySchema) },
      },
    },
    async (request) => ({ items: await listSpecialties(db, request.query.department), nextCursor: null }),
  );
}
