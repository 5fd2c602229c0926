import type { FieldError } from '../../../../platform/errors.js';
import { Badge, Button, Card, DescriptionList, Form, TextArea } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Note } from '../notes.schemas.js';
import { formatInstant, formText as str } from '../../../../platform/views/format.js';

type NoteView = Omit<Note, 'versions'>;
const SOAP = ['subjective', 'objective', 'assessment', 'plan', 'freeText'] as const;

export function when(ctx: PageContext, instant: Date | null): string {
  return instant ? formatInstant(ctx.locale, instant, ctx.timeZone) : '—';
}

export function NoteStatusBadge(props: { ctx: PageContext; status: NoteView['status'] }) {
  const kind = props.status === 'draft' ? 'warning' : props.status === 'signed' ? 'success' : 'info';
  return <Badge kind={kind}>{props.ctx.t(`records.note_status_${props.status}`)}</Badge>;
}

/** The SOAP fields; values from a failed post win over the saved ones. */
export function SoapFields(props: { ctx: PageContext; note?: NoteView; values?: Record<string, unknown>; errors?: FieldError[] }) {
  const { t } = props.ctx;
  return (
    <>
      {SOAP.map((key) => (
        <TextArea
          name={key}
          label={t(`records.note_${key}`)}
          value={str(props.values?.[key]) ?? props.note?.[key] ?? ''}
          errors={props.errors}
          rows={key === 'freeText' ? 3 : 4}
        />
      ))}
    </>
  );
}

/** A draft of the viewer: save (If-Match through _version) or save and sign. */
export function DraftEditor(props: { ctx: PageContext; note: NoteView; values?: Record<string, unknown>; errors?: FieldError[] }) {
  const { ctx, note } = props;
  const { t } = ctx;
  return (
    <Card title={t('records.note_draft_title')} id={`note-${note.id}`} actions={<NoteStatusBadge ctx={ctx} status={note.status} />}>
      <Form ctx={ctx} action={`/staff/notes/${note.id}`} version={note.version}>
        <SoapFields ctx={ctx} note={note} values={props.values} errors={props.errors} />
        <div class="form-actions">
          <Button name="intent" value="save" variant="secondary">
            {t('records.note_save_draft')}
          </Button>
          <Button name="intent" value="sign">
            {t('records.note_save_and_sign')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** A signed (or amended) version, read-only; the latest one offers the amendment form. */
export function SignedNote(props: {
  ctx: PageContext;
  note: NoteView;
  canAmend: boolean;
  values?: Record<string, unknown>;
  errors?: FieldError[];
}) {
  const { ctx, note } = props;
  const { t } = ctx;
  return (
    <Card
      title={t('records.note_version_title', { revision: note.revision })}
      id={`note-${note.id}`}
      actions={<NoteStatusBadge ctx={ctx} status={note.status} />}
    >
      <DescriptionList
        items={[
          [t('records.note_author'), note.authorName],
          [t('records.note_signed_at'), when(ctx, note.signedAt)],
          ...(note.amendmentReason ? ([[t('records.note_amendment_reason'), note.amendmentReason]] as [string, string][]) : []),
          ...SOAP.map((key) => [t(`records.note_${key}`), <p class="prewrap">{note[key] || '—'}</p>] as [string, preact.ComponentChildren]),
        ]}
      />
      {note.supersededById && <p class="hint">{t('records.note_superseded')}</p>}
      {props.canAmend && !note.supersededById && (
        <details open={Boolean(props.errors?.length)}>
          <summary>{t('records.note_amend')}</summary>
          <Form ctx={ctx} action={`/staff/notes/${note.id}/amendments`}>
            <SoapFields ctx={ctx} note={note} values={props.values} errors={props.errors} />
            <TextArea
              name="reason"
              label={t('records.note_amendment_reason')}
              value={str(props.values?.reason) ?? ''}
              errors={props.errors}
              rows={2}
            />
            <Button>{t('records.note_amend_submit')}</Button>
          </Form>
        </details>
      )}
    </Card>
  );
}

/** Starts the first draft of a note in this encounter. */
export function NewNoteForm(props: { ctx: PageContext; encounterId: string; values?: Record<string, unknown>; errors?: FieldError[] }) {
  const { ctx } = props;
  return (
    <Card title={ctx.t('records.note_new_title')} id="new-note">
      <Form ctx={ctx} action={`/staff/encounters/${props.encounterId}/notes`}>
        <SoapFields ctx={ctx} values={props.values} errors={props.errors} />
        <Button>{ctx.t('records.note_start')}</Button>
      </Form>
    </Card>
  );
}
