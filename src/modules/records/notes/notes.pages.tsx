import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { serviceContext } from '../../../platform/http/context.js';
import { handleForm, type FormFailure } from '../../../platform/http/page-forms.js';
import { renderEncounterPage } from '../encounters/encounters.pages.js';
import { amendNoteBodySchema, createNoteBodySchema, SOAP_FIELDS, type CreateNoteInput } from './notes.schemas.js';
import { amendNote, editDraft, getNote, signNote, startNote } from './services/notes.service.js';

const page = { hide: true } as const;
const idParams = z.object({ id: z.uuid() });
const draftFormSchema = createNoteBodySchema.extend({ intent: z.enum(['save', 'sign']).default('save') });

/** A posted form leaves out emptied fields: on the page every SOAP field is sent, so absent means empty. */
const allFields = <T extends CreateNoteInput>(data: T): T => {
  const out = { ...data };
  for (const key of SOAP_FIELDS) out[key] = data[key] ?? '';
  return out;
};

/** The note forms of the encounter page: start a draft, save / save and sign it, amend a signed note. */
export function registerNotePages(app: FastifyInstance): void {
  const { db } = app.deps;
  const write = { permission: 'records.write' as const };
  const noteId = (request: FastifyRequest) => (request.params as { id: string }).id;

  /** A failed note form re-renders its encounter's page with the failure beside that note. */
  const rerenderNote = (request: FastifyRequest, reply: FastifyReply, form: string) => async (failure: FormFailure) => {
    const note = await getNote(db, serviceContext(request), noteId(request));
    return renderEncounterPage(app, request, reply, note.encounterId, { ...failure, form });
  };

  app.post('/staff/encounters/:id/notes', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      createNoteBodySchema,
      async (data) => {
        const note = await startNote(db, serviceContext(request), noteId(request), allFields(data));
        return `/staff/encounters/${note.encounterId}?done=note_started#note-${note.id}`;
      },
      async (failure) => renderEncounterPage(app, request, reply, noteId(request), { ...failure, form: 'new-note' }),
    ),
  );

  app.post('/staff/notes/:id', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      draftFormSchema,
      async ({ intent, ...data }, version) => {
        const ctx = serviceContext(request);
        const saved = await editDraft(db, ctx, noteId(request), allFields(data), version);
        if (intent === 'sign') await signNote(db, ctx, saved.id, saved.version);
        return `/staff/encounters/${saved.encounterId}?done=${intent === 'sign' ? 'note_signed' : 'note_saved'}#note-${saved.id}`;
      },
      rerenderNote(request, reply, `note:${noteId(request)}`),
    ),
  );

  app.post('/staff/notes/:id/amendments', { config: write, schema: { ...page, params: idParams } }, async (request, reply) =>
    handleForm(
      request,
      reply,
      amendNoteBodySchema,
      async (data) => {
        const note = await amendNote(db, serviceContext(request), noteId(request), allFields(data));
        return `/staff/encounters/${note.encounterId}?done=note_amended#note-${note.id}`;
      },
      rerenderNote(request, reply, `amend:${noteId(request)}`),
    ),
  );
}
