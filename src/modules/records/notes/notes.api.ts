import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { expectedVersion, setEtag } from '../../../platform/http/api-helpers.js';
import { encounterParamsSchema } from '../encounters/encounters.schemas.js';
import {
  amendNoteBodySchema,
  createNoteBodySchema,
  noteListSchema,
  noteParamsSchema,
  noteSchema,
  updateNoteBodySchema,
} from './notes.schemas.js';
import { amendNote, editDraft, getNote, signNote, startNote } from './services/notes.service.js';
import { listNotesOfEncounter } from './services/notes-query.service.js';

const tags = ['Records: notes'];
const ifMatchHeaders = z.object({ 'if-match': z.string().optional() });

/** Consultation notes: drafts (If-Match required), signing, amendments with every version kept. */
export function registerNotesApi(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = app.deps;

  r.post(
    '/api/v1/encounters/:id/notes',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Start a draft note',
        params: encounterParamsSchema,
        body: createNoteBodySchema,
        response: { 201: noteSchema },
      },
    },
    async (request, reply) => {
      const note = await startNote(db, serviceContext(request), request.params.id, request.body);
      setEtag(reply, note.version);
      return reply.status(201).send(note);
    },
  );
  r.get(
    '/api/v1/encounters/:id/notes',
    {
      config: { permission: 'records.read' },
      schema: { tags, summary: "The encounter's notes (every version)", params: encounterParamsSchema, response: { 200: noteListSchema } },
    },
    async (request) => ({ items: await listNotesOfEncounter(db, serviceContext(request), request.params.id) }),
  );
  r.get(
    '/api/v1/notes/:id',
    {
      config: { permission: 'records.read' },
      schema: { tags, summary: 'One note with its chain of versions', params: noteParamsSchema, response: { 200: noteSchema } },
    },
    async (request, reply) => {
      const note = await getNote(db, serviceContext(request), request.params.id);
      setEtag(reply, note.version);
      return note;
    },
  );
  r.patch(
    '/api/v1/notes/:id',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Change a draft (If-Match required; a signed note answers 409 record_signed)',
        params: noteParamsSchema,
        headers: ifMatchHeaders,
        body: updateNoteBodySchema,
        response: { 200: noteSchema },
      },
    },
    async (request, reply) => {
      const note = await editDraft(db, serviceContext(request), request.params.id, request.body, expectedVersion(request));
      setEtag(reply, note.version);
      return note;
    },
  );
  r.post(
    '/api/v1/notes/:id/sign',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Sign a draft (immutable afterwards)',
        params: noteParamsSchema,
        headers: ifMatchHeaders,
        response: { 200: noteSchema },
      },
    },
    async (request, reply) => {
      const note = await signNote(db, serviceContext(request), request.params.id, expectedVersion(request));
      setEtag(reply, note.version);
      return note;
    },
  );
  r.post(
    '/api/v1/notes/:id/amendments',
    {
      config: { permission: 'records.write' },
      schema: {
        tags,
        summary: 'Amend a signed note: a new signed version linked to the original',
        params: noteParamsSchema,
        body: amendNoteBodySchema,
        response: { 201: noteSchema },
      },
    },
    async (request, reply) => {
      const note = await amendNote(db, serviceContext(request), request.params.id, request.body);
      setEtag(reply, note.version);
      return reply.status(201).send(note);
    },
  );
}
