import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Badge, Button, Card, Form, LinkButton, SelectField, TextArea } from '../../../../platform/views/components.js';
import { formatNumber, formatZonedDateTime } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { MessageDto, ThreadDto } from '../patient-threads.schemas.js';
import { ATTACHMENT_FIELD } from '../patient-threads.vocabulary.js';
import { recipientLabel } from './thread-list.js';

export const THREAD_NOTICES = ['sent', 'attached', 'encounter'] as const;
export type ThreadNotice = (typeof THREAD_NOTICES)[number];

export interface ThreadPageProps {
  ctx: PageContext;
  thread: ThreadDto;
  side: 'patient' | 'staff';
  /** Break-the-glass: the viewer reads only. */
  readOnly: boolean;
  notice?: ThreadNotice;
  form?: { errors: FieldError[]; values: Record<string, unknown>; message?: string };
}

const when = (ctx: PageContext, iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone);

/** A conversation, oldest message first, with read receipts on the viewer's own messages, then the reply and attach forms. */
export function ThreadPage(props: ThreadPageProps) {
  const { ctx, thread, side } = props;
  const { t } = ctx;
  const base = side === 'patient' ? `/portal/messages/${thread.id}` : `/staff/patient-messages/${thread.id}`;
  return (
    <Layout ctx={ctx} title={thread.subject}>
      <PageHeader
        title={thread.subject}
        subtitle={
          side === 'staff' ? `${thread.patient.name} (${thread.patient.mrn}) · ${recipientLabel(ctx, thread)}` : recipientLabel(ctx, thread)
        }
        actions={
          <LinkButton href={side === 'patient' ? '/portal/messages' : '/staff/patient-messages'}>
            {t('messaging.back_to_messages')}
          </LinkButton>
        }
      />
      {props.notice && <Alert kind="success">{t(`messaging.done_${props.notice}`)}</Alert>}
      {thread.escalated && (
        <Alert kind="danger" title={t('messaging.state_escalated')}>
          <p id="escalated">
            {t(side === 'patient' ? 'messaging.escalated_patient' : 'messaging.escalated_staff', { when: when(ctx, thread.escalatedAt!) })}
          </p>
        </Alert>
      )}
      {!thread.escalated && thread.responseDueAt && (
        <p class="hint" id="response-due">
          {t(side === 'patient' ? 'messaging.due_patient' : 'messaging.due_staff', { when: when(ctx, thread.responseDueAt) })}
        </p>
      )}
      {side === 'staff' && <EncounterCard ctx={ctx} thread={thread} base={base} readOnly={props.readOnly} />}
      <ol class="message-list" id="messages">
        {thread.messages.map((m) => (
          <MessageItem ctx={ctx} threadId={thread.id} message={m} mine={m.side === side} />
        ))}
      </ol>
      {props.readOnly ? (
        <Alert kind="info">{t('messaging.read_only_break_glass')}</Alert>
      ) : (
        <ReplyForms ctx={ctx} base={base} side={side} form={props.form} />
      )}
      {side === 'patient' && <p class="hint">{t('messaging.not_for_emergencies_short')}</p>}
    </Layout>
  );
}

function MessageItem(props: { ctx: PageContext; threadId: string; message: MessageDto; mine: boolean }) {
  const { ctx, message: m } = props;
  const { t } = ctx;
  return (
    <li class={`message message--${m.side}${m.kind === 'instructions' ? ' message--instructions' : ''}`} id={`message-${m.id}`}>
      <Card title={m.author.name}>
        {m.kind === 'instructions' && <Badge kind="warning">{t('messaging.kind_instructions')}</Badge>}
        {m.body && <p class="message-body">{m.body}</p>}
        {m.attachment && (
          <p>
            <a href={`/messages/${props.threadId}/attachments/${m.id}`} download>
              {t('messaging.attachment_link', {
                name: m.attachment.name,
                size: formatNumber(ctx.locale, Math.ceil(m.attachment.sizeBytes / 1024)),
              })}
            </a>
          </p>
        )}
        <p class="hint">
          {when(ctx, m.createdAt)}
          {props.mine && (
            <span class="read-receipt">
              {' · '}
              {m.readAt ? t('messaging.read_at', { when: when(ctx, m.readAt) }) : t('messaging.not_read_yet')}
            </span>
          )}
        </p>
      </Card>
    </li>
  );
}

function ReplyForms(props: { ctx: PageContext; base: string; side: 'patient' | 'staff'; form?: ThreadPageProps['form'] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const text = (name: string) => (typeof form?.values[name] === 'string' ? form.values[name] : undefined);
  return (
    <>
      <Card title={t('messaging.reply_title')} id="reply">
        {form?.message && <Alert kind="danger">{form.message}</Alert>}
        <Form ctx={ctx} action={`${props.base}/reply`}>
          {props.side === 'staff' && (
            <SelectField
              name="kind"
              label={t('messaging.field_kind')}
              options={[
                { value: 'message', label: t('messaging.kind_message') },
                { value: 'instructions', label: t('messaging.kind_instructions') },
              ]}
              value={text('kind') ?? 'message'}
              errors={form?.errors}
            />
          )}
          <TextArea name="body" label={t('messaging.field_reply')} value={text('body')} errors={form?.errors} rows={5} />
          <Button>{t('messaging.send_action')}</Button>
        </Form>
      </Card>
      <Card title={t('messaging.attach_title')} id="attach">
        <Form ctx={ctx} action={`${props.base}/attachments`} enctype="multipart/form-data">
          <div class="field">
            <label for="f-file">{t('messaging.field_file')}</label>
            <input type="file" id="f-file" name={ATTACHMENT_FIELD} accept="application/pdf,image/png,image/jpeg" required />
            <p class="hint">{t('messaging.field_file_hint')}</p>
          </div>
          <Button variant="secondary">{t('messaging.attach_action')}</Button>
        </Form>
      </Card>
    </>
  );
}

function EncounterCard(props: { ctx: PageContext; thread: ThreadDto; base: string; readOnly: boolean }) {
  const { ctx, thread } = props;
  const { t } = ctx;
  return (
    <p id="encounter">
      {thread.encounterId ? (
        <a href={`/staff/encounters/${thread.encounterId}`}>{t('messaging.encounter_link')}</a>
      ) : (
        !props.readOnly && (
          <Form ctx={ctx} action={`${props.base}/encounter`} class="form form--inline" confirm={t('messaging.encounter_confirm')}>
            <Button variant="secondary">{t('messaging.encounter_action')}</Button>
          </Form>
        )
      )}
    </p>
  );
}
