import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, LinkButton, SelectField, TextArea } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { SUBJECT_MAX } from '../patient-threads.vocabulary.js';

export interface ComposeDepartment {
  id: string;
  name: string;
  responseDays: number;
}

export interface ComposePageProps {
  ctx: PageContext;
  emergencyNumber: string;
  /** The care team's (the hospital default) working days to an answer. */
  careTeamDays: number;
  departments: ComposeDepartment[];
  form?: { errors: FieldError[]; values: Record<string, unknown>; message?: string };
}

/** "within 1 working day" / "within 2 working days", in the viewer's language. */
export function withinDays(ctx: PageContext, days: number): string {
  return days === 1 ? ctx.t('messaging.within_one_day') : ctx.t('messaging.within_days', { days });
}

/**
 * The patient writes to their care team or a department's inbox. The page says first, plainly,
 * that messages are not for emergencies and which number to call, then when to expect an answer.
 */
export function ComposePage(props: ComposePageProps) {
  const { ctx, form } = props;
  const { t } = ctx;
  const text = (name: string) => (typeof form?.values[name] === 'string' ? form.values[name] : undefined);
  return (
    <Layout ctx={ctx} title={t('messaging.compose_title')}>
      <PageHeader
        title={t('messaging.compose_title')}
        actions={<LinkButton href="/portal/messages">{t('messaging.back_to_messages')}</LinkButton>}
      />
      <Alert kind="danger" title={t('messaging.not_for_emergencies_title')}>
        <p id="emergency-number">{t('messaging.not_for_emergencies_text', { number: props.emergencyNumber })}</p>
      </Alert>
      <Alert kind="info">
        <p id="response-time">{t('messaging.response_time_care_team', { within: withinDays(ctx, props.careTeamDays) })}</p>
      </Alert>
      <Card>
        {form?.message && <Alert kind="danger">{form.message}</Alert>}
        <Form ctx={ctx} action="/portal/messages">
          <SelectField
            name="to"
            label={t('messaging.field_to')}
            options={[
              { value: 'care_team', label: t('messaging.to_care_team', { within: withinDays(ctx, props.careTeamDays) }) },
              ...props.departments.map((d) => ({
                value: d.id,
                label: t('messaging.to_department', { department: d.name, within: withinDays(ctx, d.responseDays) }),
              })),
            ]}
            value={text('to') ?? 'care_team'}
            errors={form?.errors}
            required
          />
          <Field
            name="subject"
            label={t('messaging.field_subject')}
            value={text('subject')}
            errors={form?.errors}
            maxLength={SUBJECT_MAX}
            required
          />
          <TextArea name="body" label={t('messaging.field_body')} value={text('body')} errors={form?.errors} rows={8} />
          <p class="hint">{t('messaging.attach_later_hint')}</p>
          <Button>{t('messaging.send_action')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
