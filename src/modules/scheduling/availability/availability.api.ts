import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, listResponseSchema, setEtag } from '../../../platform/http/api-helpers.js';
import { serviceContext } from '../../../platform/http/context.js';
import {
  availabilityExceptionSchema,
  availabilityRuleSchema,
  createExceptionBodySchema,
  createRuleBodySchema,
  exceptionListQuerySchema,
  exceptionParamsSchema,
  roomSchema,
  ruleParamsSchema,
  slotListSchema,
  slotSearchQuerySchema,
  staffParamsSchema,
  updateRuleBodySchema,
  visitTypeSchema,
} from './availability.schemas.js';
import { listRooms, listVisitTypes } from './services/availability.service.js';
import {
  addAvailabilityException,
  addAvailabilityRule,
  changeAvailabilityRule,
  listAvailabilityExceptions,
  listAvailabilityRules,
  removeAvailabilityException,
  removeAvailabilityRule,
} from './services/manage-availability.service.js';
import { sendSlotAnswer } from './services/slot-answer-cache.js';
import { findFreeSlots } from './services/slots-search.service.js';

const referenceTags = ['Scheduling: reference'];
const availabilityTags = ['Scheduling: availability'];
const ifMatchHeaders = z.object({ 'if-match': z.string().optional() });
const noContent = { 204: z.null() };

/** Visit types, rooms, clinicians' working hours and exceptions, and the slot search. */
export function registerAvailabilityApi(app: FastifyInstance): void {
  registerSchedulingReferenceRoutes(app);
  registerAvailabilityRuleRoutes(app);
  registerAvailabilityExceptionAndSlotRoutes(app);
}

/** Visit types and rooms, for booking forms. */
function registerSchedulingReferenceRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.get(
    '/api/v1/visit-types',
    {
      config: { permission: 'staff.directory' },
      schema: {
        tags: referenceTags,
        summary: 'Active visit types with their durations',
        response: { 200: listResponseSchema(visitTypeSchema) },
      },
    },
    async () => ({ items: await listVisitTypes(db), nextCursor: null }),
  );

  r.get(
    '/api/v1/rooms',
    {
      config: { permission: 'staff.directory' },
      schema: { tags: referenceTags, summary: 'Active rooms', response: { 200: listResponseSchema(roomSchema) } },
    },
    async () => ({ items: await listRooms(db), nextCursor: null }),
  );
}

/** A clinician's weekly availability rules. */
function registerAvailabilityRuleRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  const rules = '/api/v1/staff/:staffId/availability-rules';
  r.get(
    rules,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: "A clinician's weekly working hours (your own, or anyone's for administrators)",
        params: staffParamsSchema,
        response: { 200: listResponseSchema(availabilityRuleSchema) },
      },
    },
    async (request) => ({ items: await listAvailabilityRules(db, serviceContext(request), request.params.staffId), nextCursor: null }),
  );

  r.post(
    rules,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: 'Add weekly working hours in a time zone (default: the clinician’s account zone)',
        params: staffParamsSchema,
        body: createRuleBodySchema,
        response: { 201: availabilityRuleSchema },
      },
    },
    async (request, reply) => {
      const rule = await addAvailabilityRule(db, serviceContext(request), request.params.staffId, request.body);
      setEtag(reply, rule.version);
      return reply.status(201).send(rule);
    },
  );

  r.patch(
    `${rules}/:ruleId`,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: 'Change weekly working hours (If-Match)',
        params: ruleParamsSchema,
        headers: ifMatchHeaders,
        body: updateRuleBodySchema,
        response: { 200: availabilityRuleSchema },
      },
    },
    async (request, reply) => {
      const rule = await changeAvailabilityRule(
        db,
        serviceContext(request),
        request.params.staffId,
        request.params.ruleId,
        request.body,
        expectedVersion(request),
      );
      setEtag(reply, rule.version);
      return rule;
    },
  );

  r.delete(
    `${rules}/:ruleId`,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: 'Remove weekly working hours',
        params: ruleParamsSchema,
        headers: ifMatchHeaders,
        response: noContent,
      },
    },
    async (request, reply) => {
      await removeAvailabilityRule(db, serviceContext(request), request.params.staffId, request.params.ruleId, expectedVersion(request));
      return reply.status(204).send(null);
    },
  );
}

/** Exceptions to the weekly rules, and the bookable slots that result. */
function registerAvailabilityExceptionAndSlotRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  const exceptions = '/api/v1/staff/:staffId/availability-exceptions';
  r.get(
    exceptions,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: "A clinician's leave and extra sessions, optionally those overlapping [from, to)",
        params: staffParamsSchema,
        querystring: exceptionListQuerySchema,
        response: { 200: listResponseSchema(availabilityExceptionSchema) },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const items = await listAvailabilityExceptions(db, serviceContext(request), request.params.staffId, {
        ...(from ? { from: new Date(from) } : {}),
        ...(to ? { to: new Date(to) } : {}),
      });
      return { items, nextCursor: null };
    },
  );

  r.post(
    exceptions,
    {
      config: { permission: 'availability.manage' },
      schema: {
        tags: availabilityTags,
        summary: 'Add leave (unavailable) or an extra session',
        params: staffParamsSchema,
        body: createExceptionBodySchema,
        response: { 201: availabilityExceptionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addAvailabilityException(db, serviceContext(request), request.params.staffId, request.body)),
  );

  r.delete(
    `${exceptions}/:exceptionId`,
    {
      config: { permission: 'availability.manage' },
      schema: { tags: availabilityTags, summary: 'Remove leave or an extra session', params: exceptionParamsSchema, response: noContent },
    },
    async (request, reply) => {
      await removeAvailabilityException(db, serviceContext(request), request.params.staffId, request.params.exceptionId);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/slots',
    {
      config: { permission: 'slots.search' },
      schema: {
        tags: ['Scheduling: slots'],
        summary:
          'Free slots of one visit type by clinician, specialty and language (from/to: dates in your zone, or instants; at most 62 days)',
        querystring: slotSearchQuerySchema,
        response: { 200: slotListSchema },
      },
    },
    async (request, reply) => {
      const found = await findFreeSlots(db, serviceContext(request), request.query, {
        minNoticeMinutes: app.deps.config.bookingMinNoticeMinutes,
      });
      return sendSlotAnswer(reply, found, ({ slots, names }) => ({
        items: slots.map((slot) => ({ ...slot, staffName: names.get(slot.staffId)! })),
      }));
    },
  );
}
