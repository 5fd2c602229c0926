import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Permission } from '../../platform/authz/permissions.js';
import type { ServiceContext } from '../../platform/auth/actor.js';
import type { Db } from '../../platform/db/database.js';
import { serviceContext } from '../../platform/http/context.js';
import { expectedVersion, listResponseSchema, setEtag } from '../../platform/http/api-helpers.js';
import { patientParamsSchema } from './patients.schemas.js';
import {
  allergySchema,
  conditionSchema,
  contactSchema,
  createAllergyBodySchema,
  createConditionBodySchema,
  createContactBodySchema,
  createPolicyBodySchema,
  itemParamsSchema,
  policySchema,
  updateAllergyBodySchema,
  updateConditionBodySchema,
  updateContactBodySchema,
  updatePolicyBodySchema,
} from './records.schemas.js';
import {
  addPatientAllergy,
  changePatientAllergy,
  getPatientAllergy,
  listPatientAllergies,
  removePatientAllergy,
} from './services/allergies.service.js';
import {
  addPatientCondition,
  changePatientCondition,
  getPatientCondition,
  listPatientConditions,
  removePatientCondition,
} from './services/conditions.service.js';
import {
  addEmergencyContact,
  addInsurancePolicy,
  changeEmergencyContact,
  changeInsurancePolicy,
  getEmergencyContact,
  getInsurancePolicy,
  listEmergencyContacts,
  listInsurancePolicies,
  removeEmergencyContact,
  removeInsurancePolicy,
} from './services/registration-records.service.js';

type Item = { version: number };

/** One collection under a patient: the same five routes, its own schemas, services and permissions. */
interface Collection<T extends Item> {
  path: string;
  label: string;
  tags: string[];
  item: z.ZodType<T>;
  createBody: z.ZodType;
  updateBody: z.ZodType;
  write: Permission;
  list(db: Db, ctx: ServiceContext, patientId: string): Promise<T[]>;
  get(db: Db, ctx: ServiceContext, patientId: string, itemId: string): Promise<T>;
  create(db: Db, ctx: ServiceContext, patientId: string, body: never): Promise<T>;
  update(db: Db, ctx: ServiceContext, patientId: string, itemId: string, body: never, expected: number | undefined): Promise<T>;
  remove(db: Db, ctx: ServiceContext, patientId: string, itemId: string, expected: number | undefined): Promise<void>;
}

const COLLECTIONS = [
  {
    path: 'allergies',
    label: 'allergy',
    tags: ['Patients: clinical'],
    item: allergySchema,
    createBody: createAllergyBodySchema,
    updateBody: updateAllergyBodySchema,
    write: 'patients.clinical.write',
    list: listPatientAllergies,
    get: getPatientAllergy,
    create: addPatientAllergy,
    update: changePatientAllergy,
    remove: removePatientAllergy,
  },
  {
    path: 'conditions',
    label: 'condition (medical history)',
    tags: ['Patients: clinical'],
    item: conditionSchema,
    createBody: createConditionBodySchema,
    updateBody: updateConditionBodySchema,
    write: 'patients.clinical.write',
    list: listPatientConditions,
    get: getPatientCondition,
    create: addPatientCondition,
    update: changePatientCondition,
    remove: removePatientCondition,
  },
  {
    path: 'emergency-contacts',
    label: 'emergency contact',
    tags: ['Patients: registration'],
    item: contactSchema,
    createBody: createContactBodySchema,
    updateBody: updateContactBodySchema,
    write: 'patients.update',
    list: listEmergencyContacts,
    get: getEmergencyContact,
    create: addEmergencyContact,
    update: changeEmergencyContact,
    remove: removeEmergencyContact,
  },
  {
    path: 'insurance-policies',
    label: 'insurance policy',
    tags: ['Patients: registration'],
    item: policySchema,
    createBody: createPolicyBodySchema,
    updateBody: updatePolicyBodySchema,
    write: 'patients.insurance.write',
    list: listInsurancePolicies,
    get: getInsurancePolicy,
    create: addInsurancePolicy,
    update: changeInsurancePolicy,
    remove: removeInsurancePolicy,
  },
] as Collection<Item>[];

const ifMatchHeaders = z.object({ 'if-match': z.string().optional() });

/**
 * Allergies and conditions (clinical tier; DELETE marks entered-in-error), emergency contacts and
 * insurance policies (registration tier). GET list, POST, GET/PATCH/DELETE one.
 */
export function registerRecordsApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const ctxOf = (request: FastifyRequest) => serviceContext(request);

  for (const c of COLLECTIONS) {
    const base = `/api/v1/patients/:id/${c.path}`;
    r.get(
      base,
      {
        config: { permission: 'patients.read' },
        schema: {
          tags: c.tags,
          summary: `List the patient's ${c.label} entries`,
          params: patientParamsSchema,
          response: { 200: listResponseSchema(c.item) },
        },
      },
      async (request) => ({ items: await c.list(db, ctxOf(request), request.params.id), nextCursor: null }),
    );
    r.post(
      base,
      {
        config: { permission: c.write },
        schema: { tags: c.tags, summary: `Add a ${c.label}`, params: patientParamsSchema, body: c.createBody, response: { 201: c.item } },
      },
      async (request, reply) => {
        const created = await c.create(db, ctxOf(request), request.params.id, request.body as never);
        setEtag(reply, created.version);
        return reply.status(201).send(created);
      },
    );
    r.get(
      `${base}/:itemId`,
      {
        config: { permission: 'patients.read' },
        schema: { tags: c.tags, summary: `One ${c.label}`, params: itemParamsSchema, response: { 200: c.item } },
      },
      async (request, reply) => {
        const item = await c.get(db, ctxOf(request), request.params.id, request.params.itemId);
        setEtag(reply, item.version);
        return item;
      },
    );
    r.patch(
      `${base}/:itemId`,
      {
        config: { permission: c.write },
        schema: {
          tags: c.tags,
          summary: `Change a ${c.label} (If-Match optional)`,
          params: itemParamsSchema,
          headers: ifMatchHeaders,
          body: c.updateBody,
          response: { 200: c.item },
        },
      },
      async (request, reply) => {
        const item = await c.update(
          db,
          ctxOf(request),
          request.params.id,
          request.params.itemId,
          request.body as never,
          expectedVersion(request),
        );
        setEtag(reply, item.version);
        return item;
      },
    );
    r.delete(
      `${base}/:itemId`,
      {
        config: { permission: c.write },
        schema: {
          tags: c.tags,
          summary: `Remove a ${c.label}`,
          params: itemParamsSchema,
          headers: ifMatchHeaders,
          response: { 204: z.null().describe('Removed') },
        },
      },
      async (request, reply) => {
        await c.remove(db, ctxOf(request), request.params.id, request.params.itemId, expectedVersion(request));
        return reply.status(204).send(null);
      },
    );
  }
}
