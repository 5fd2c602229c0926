import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { noStore } from '../../platform/http/api-helpers.js';
import { serviceContext } from '../../platform/http/context.js';
import { patientParamsSchema } from '../patients/index.js';
import {
  cancelTaskBodySchema,
  createTaskBodySchema,
  reassignTaskBodySchema,
  taskIdParamsSchema,
  taskListSchema,
  taskSchema,
} from './tasks.schemas.js';
import { cancelTask, completeTask, reassignTask } from './services/change-task.service.js';
import { createTask } from './services/create-task.service.js';
import { listMyTasks, listPatientTasks } from './services/task-queries.service.js';

const work = { permission: 'tasks.work' } as const;

/** Care-team tasks: a patient's, yours, and the three ways an open task changes (docs/tasks.md). */
export function registerTasksApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;
  const tags = ['Care-team tasks'];

  r.get(
    '/api/v1/patients/:id/tasks',
    {
      config: work,
      schema: {
        tags,
        summary: "A patient's tasks, open first then by due time, with their handoffs (the care team's doctors and nurses)",
        params: patientParamsSchema,
        response: { 200: taskListSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { tasks } = await listPatientTasks(db, serviceContext(request), request.params.id);
      return { items: tasks, nextCursor: null };
    },
  );
  r.post(
    '/api/v1/patients/:id/tasks',
    {
      config: work,
      schema: {
        tags,
        summary: 'Put a task on the patient for a doctor or nurse of their care team (they are notified)',
        params: patientParamsSchema,
        body: createTaskBodySchema,
        response: { 201: taskSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reply.code(201).send(await createTask(db, serviceContext(request), request.params.id, request.body));
    },
  );
  r.get(
    '/api/v1/me/tasks',
    {
      config: work,
      schema: { tags, summary: 'Your open tasks, soonest due first, overdue flagged', response: { 200: taskListSchema } },
    },
    async (request, reply) => {
      noStore(reply);
      return { items: await listMyTasks(db, serviceContext(request)), nextCursor: null };
    },
  );
  r.post(
    '/api/v1/tasks/:id/complete',
    {
      config: work,
      schema: {
        tags,
        summary: 'Mark an open task done (a task no longer open answers 409)',
        params: taskIdParamsSchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return completeTask(db, serviceContext(request), request.params.id);
    },
  );
  r.post(
    '/api/v1/tasks/:id/cancel',
    {
      config: work,
      schema: {
        tags,
        summary: 'Cancel an open task, with a reason (a task no longer open answers 409)',
        params: taskIdParamsSchema,
        body: cancelTaskBodySchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return cancelTask(db, serviceContext(request), request.params.id, request.body.reason);
    },
  );
  r.post(
    '/api/v1/tasks/:id/reassign',
    {
      config: work,
      schema: {
        tags,
        summary: 'Hand an open task to another doctor or nurse of the care team (kept in its history; they are notified)',
        params: taskIdParamsSchema,
        body: reassignTaskBodySchema,
        response: { 200: taskSchema },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return reassignTask(db, serviceContext(request), request.params.id, request.body);
    },
  );
}
