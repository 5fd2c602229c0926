import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Form, LinkButton, TextArea, PasswordField } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';

/** Shown instead of the chart to a clinician without access (status 404): the emergency offer. */
export function NoAccessPage(props: { ctx: PageContext; patientId: string; canBreakGlass: boolean }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('patients.no_access_title')}>
      <PageHeader title={t('patients.no_access_title')} />
      <Alert kind="warning">{t('patients.no_access_text')}</Alert>
      {props.canBreakGlass && (
        <>
          <p>{t('patients.break_glass_offer')}</p>
          <LinkButton href={`/staff/patients/${props.patientId}/break-glass`}>{t('patients.break_glass_action')}</LinkButton>
        </>
      )}
    </Layout>
  );
}

export function BreakGlassPage(props: {
  ctx: PageContext;
  patientId: string;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('patients.break_glass_title')}>
      <PageHeader title={t('patients.break_glass_title')} />
      <Alert kind="warning" title={t('patients.break_glass_warning_title')}>
        {t('patients.break_glass_warning')}
      </Alert>
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      <Form ctx={props.ctx} action={`/staff/patients/${props.patientId}/break-glass`}>
        <TextArea
          name="reason"
          label={t('patients.break_glass_reason')}
          value={(props.values.reason as string | undefined) ?? null}
          errors={props.errors}
          rows={3}
        />
        <PasswordField kind="current" name="password" label={t('patients.break_glass_password')} required errors={props.errors} />
        <Button variant="danger">{t('patients.break_glass_submit')}</Button>
      </Form>
    </Layout>
  );
}
