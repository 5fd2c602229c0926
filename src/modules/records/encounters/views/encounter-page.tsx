import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Badge, Button, Card, DescriptionList, Form, LinkButton, TextArea } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Encounter } from '../encounters.schemas.js';
import type { Note } from '../../notes/notes.schemas.js';
import { DraftEditor, NewNoteForm, SignedNote, when } from '../../notes/views/note-editor.js';

export interface EncounterPageProps {
  ctx: PageContext;
  encounter: Encounter;
  patientLabel: string;
  notes: Omit<Note, 'versions'>[];
  done?: string | undefined;
  /** Which form failed (`note:<id>`, `amend:<id>`, `new-note`, `summary`) and with what. */
  failure?: { form: string; errors: FieldError[]; values: Record<string, unknown>; message?: string | undefined } | undefined;
}

const STATUS_KIND = { planned: 'neutral', in_progress: 'info', finished: 'success', cancelled: 'neutral' } as const;

/** What a clinician does next from the encounter: each action shown only to roles that may take it. */
function EncounterActions(props: { ctx: PageContext; encounter: Encounter }) {
  const { ctx, encounter } = props;
  const { t } = ctx;
  return (
    <>
      <LinkButton href={`/staff/patients/${encounter.patientId}/chart`}>{t('records.enc_open_chart')}</LinkButton>
      <LinkButton href={`/staff/encounters/${encounter.id}/diagnoses`}>{t('records.enc_add_diagnosis')}</LinkButton>
      {ctx.actor !== null && roleHasPermission(ctx.actor.role, 'prescriptions.write') && (
        <>
          <LinkButton href={`/staff/patients/${encounter.patientId}/medicines/new?encounter=${encounter.id}`}>
            {t('records.enc_prescribe')}
          </LinkButton>
          <LinkButton href={`/staff/encounters/${encounter.id}/reconciliation`}>{t('medrec.reconcile')}</LinkButton>
        </>
      )}
      {ctx.actor !== null && roleHasPermission(ctx.actor.role, 'labs.order') && (
        <LinkButton href={`/staff/patients/${encounter.patientId}/lab-orders/new?encounter=${encounter.id}`}>
          {t('labs.order_tests')}
        </LinkButton>
      )}
      {ctx.actor !== null && roleHasPermission(ctx.actor.role, 'imaging.order') && (
        <LinkButton href={`/staff/patients/${encounter.patientId}/imaging?encounter=${encounter.id}`}>{t('imaging.mine_link')}</LinkButton>
      )}
    </>
  );
}

export function EncounterPage(props: EncounterPageProps) {
  const { ctx, encounter, failure } = props;
  const { t } = ctx;
  const open = encounter.status !== 'cancelled';
  const mine = ctx.actor?.staffId;
  const fail = (form: string) => (failure?.form === form ? failure : undefined);
  // One editing form per page (the SOAP fields share their ids): my draft, else the amendment of
  // the latest signed version, else a new note when the encounter has none.
  const hasDraft = props.notes.some((n) => n.status === 'draft' && n.authorId === mine);
  const amendable = hasDraft ? undefined : [...props.notes].reverse().find((n) => n.status !== 'draft' && !n.supersededById)?.id;
  return (
    <Layout ctx={ctx} title={t('records.enc_title')} wide>
      <PageHeader
        title={t('records.enc_title')}
        subtitle={props.patientLabel}
        actions={<EncounterActions ctx={ctx} encounter={encounter} />}
      />
      {props.done && <Alert kind="success">{t(`records.enc_done_${props.done}`)}</Alert>}
      {failure?.message && <Alert kind="danger">{failure.message}</Alert>}
      <Card title={t('records.enc_details')}>
        <DescriptionList
          items={[
            [t('records.enc_type'), t(`records.enc_type_${encounter.type}`)],
            [t('records.enc_status'), <Badge kind={STATUS_KIND[encounter.status]}>{t(`records.enc_status_${encounter.status}`)}</Badge>],
            [t('records.enc_clinician'), encounter.clinicianName],
            [t('records.enc_started'), when(ctx, encounter.startedAt)],
            [t('records.enc_ended'), when(ctx, encounter.endedAt)],
          ]}
        />
        {encounter.status === 'in_progress' && (
          <Form ctx={ctx} action={`/staff/encounters/${encounter.id}/finish`} class="inline-form" confirm={t('records.enc_finish_confirm')}>
            <Button variant="secondary">{t('records.enc_finish')}</Button>
          </Form>
        )}
      </Card>
      <Card title={t('decision_support.things_to_consider')} id="considerations">
        {/* Loaded after the page (htmx) so the encounter never waits for decision support; the link works without script. */}
        <div hx-get={`/staff/encounters/${encounter.id}/considerations`} hx-trigger="load" hx-swap="innerHTML">
          <p class="hint">{t('decision_support.loading')}</p>
          <a href={`/staff/encounters/${encounter.id}/considerations`}>{t('decision_support.open_panel')}</a>
        </div>
      </Card>
      <h2>{t('records.note_heading')}</h2>
      {props.notes.map((note) =>
        note.status === 'draft' ? (
          note.authorId === mine ? (
            <DraftEditor ctx={ctx} note={note} {...fail(`note:${note.id}`)} />
          ) : (
            <p class="hint">{t('records.note_draft_of', { name: note.authorName })}</p>
          )
        ) : (
          <SignedNote ctx={ctx} note={note} canAmend={open && note.id === amendable} {...fail(`amend:${note.id}`)} />
        ),
      )}
      {open && props.notes.length === 0 && <NewNoteForm ctx={ctx} encounterId={encounter.id} {...fail('new-note')} />}
      <Card title={t('records.enc_summary_title')} id="summary">
        {encounter.hasSummary ? (
          <p>{t('records.enc_summary_shared')}</p>
        ) : (
          <Form ctx={ctx} action={`/staff/encounters/${encounter.id}/summary`}>
            <p class="hint">{t('records.enc_summary_hint')}</p>
            <TextArea
              name="summary"
              label={t('records.enc_summary')}
              value={(fail('summary')?.values.summary as string | undefined) ?? ''}
              errors={fail('summary')?.errors}
              rows={4}
            />
            <TextArea
              name="instructions"
              label={t('records.enc_instructions')}
              value={(fail('summary')?.values.instructions as string | undefined) ?? ''}
              errors={fail('summary')?.errors}
              rows={4}
            />
            <Button>{t('records.enc_summary_share')}</Button>
          </Form>
        )}
      </Card>
    </Layout>
  );
}
