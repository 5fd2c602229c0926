import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Form, LinkButton, TextArea } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { PatientLabel } from '../../../patients/index.js';
import type { ThreadDto } from '../staff-threads.schemas.js';
import { MessageItem } from './message-item.js';
import { threadName } from './thread-list.js';

export const THREAD_SCRIPT = '/assets/staff-thread.js';

export interface PostFormState {
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

/**
 * A thread: its readers, its messages (oldest first; new ones are appended live by
 * /assets/staff-thread.js, which also marks the thread read), and the form to post with mentions.
 */
export function ThreadPage(props: { ctx: PageContext; thread: ThreadDto; form?: PostFormState }) {
  const { ctx, thread } = props;
  const { t } = ctx;
  const base = `/staff/messages/${thread.id}`;
  const name = threadName(ctx, thread);
  return (
    <Layout ctx={ctx} title={name}>
      <PageHeader
        title={name}
        subtitle={t('staff_messages.readers', { names: thread.members.map((m) => m.name).join(', ') })}
        actions={
          <>
            <LinkButton href="/staff/messages" variant="secondary">
              {t('staff_messages.back_to_list')}
            </LinkButton>
            {thread.patient && (
              <LinkButton href={`/staff/patients/${thread.patient.id}/chart`} variant="secondary">
                {t('staff_messages.back_to_chart')}
              </LinkButton>
            )}
          </>
        }
      />
      {thread.kind === 'care_team' && <p class="hint">{t('staff_messages.care_team_explained')}</p>}
      <ol
        class="staff-thread"
        id="staff-thread-messages"
        aria-live="polite"
        data-thread-id={thread.id}
        data-live-url={`${base}/live`}
        data-read-url={`${base}/read`}
      >
        {thread.messages.map((m) => (
          <MessageItem ctx={ctx} message={m} />
        ))}
      </ol>
      {thread.messages.length === 0 && <p id="staff-thread-empty">{t('staff_messages.thread_empty')}</p>}
      <Form ctx={ctx} action={`${base}/read`} class="form form--inline">
        <Button variant="secondary">{t('staff_messages.mark_read_action')}</Button>
      </Form>
      <PostForm ctx={ctx} action={`${base}/messages`} members={thread.members} form={props.form} />
      <script src={THREAD_SCRIPT} defer></script>
    </Layout>
  );
}

/** The post form: the text, and the readers one may mention (checkboxes: stored as user ids, shown as names). */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  members: readonly { userId: string; name: string }[];
  form?: PostFormState | undefined;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  const others = props.members.filter((m) => m.userId !== ctx.actor?.userId);
  const picked = new Set([form?.values.mentions].flat().filter((v): v is string => typeof v === 'string'));
  const body = typeof form?.values.body === 'string' ? form.values.body : undefined;
  return (
    <Card title={t('staff_messages.post_title')} id="post">
      {form?.message && <Alert kind="danger">{form.message}</Alert>}
      <Form ctx={ctx} action={props.action}>
        <TextArea name="body" label={t('staff_messages.field_body')} value={body} errors={form?.errors} rows={4} />
        {others.length > 0 && (
          <fieldset class="field">
            <legend>{t('staff_messages.field_mentions')}</legend>
            {others.map((m) => (
              <div class="field field--checkbox">
                <input type="checkbox" id={`mention-${m.userId}`} name="mentions" value={m.userId} checked={picked.has(m.userId)} />
                <label for={`mention-${m.userId}`}>@{m.name}</label>
              </div>
            ))}
          </fieldset>
        )}
        <Button>{t('staff_messages.post_action')}</Button>
      </Form>
    </Card>
  );
}

/** The chart's "Team messages" before the care team's first message: the thread is made with it. */
export function CareTeamStartPage(props: { ctx: PageContext; patient: PatientLabel; form?: PostFormState }) {
  const { ctx, patient } = props;
  const { t } = ctx;
  const name = threadName(ctx, { kind: 'care_team', title: patient.name, patient });
  return (
    <Layout ctx={ctx} title={name}>
      <PageHeader
        title={name}
        actions={
          <LinkButton href={`/staff/patients/${patient.id}/chart`} variant="secondary">
            {t('staff_messages.back_to_chart')}
          </LinkButton>
        }
      />
      <p class="hint">{t('staff_messages.care_team_explained')}</p>
      <p>{t('staff_messages.thread_empty')}</p>
      <PostForm ctx={ctx} action={`/staff/patients/${patient.id}/messages`} members={[]} form={props.form} />
    </Layout>
  );
}
