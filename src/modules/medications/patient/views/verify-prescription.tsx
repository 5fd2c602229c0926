import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, DescriptionList, Field, Form } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatWhen } from '../../views/prescription-format.js';
import type { VerificationResultDto } from '../patient-medicines.schemas.js';

/**
 * The public page where a pharmacy types the code from a prescription PDF. The form POSTs (the code
 * is never in a URL), and the answer shows only validity, status, product, date and prescriber.
 */
export function VerifyPrescriptionPage(props: { ctx: PageContext; result?: VerificationResultDto; errors?: FieldError[] }) {
  const { ctx, result } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('my_medicines.verify_title')}>
      <PageHeader title={t('my_medicines.verify_title')} subtitle={t('my_medicines.verify_intro')} />
      {result && !result.valid && <Alert kind="danger">{t('my_medicines.verify_invalid')}</Alert>}
      {result?.valid && (
        <Card title={t('my_medicines.verify_valid')} id="result">
          <Alert kind={result.status === 'active' ? 'success' : 'warning'}>{t(`my_medicines.verify_status_${result.status}`)}</Alert>
          <DescriptionList
            items={[
              [t('my_medicines.field_product'), result.product],
              [t('my_medicines.field_signed'), result.signedAt ? formatWhen(ctx, result.signedAt) : '—'],
              [t('my_medicines.field_prescriber'), result.prescriber ?? '—'],
            ]}
          />
        </Card>
      )}
      <Form ctx={ctx} action="/verify-prescription" search>
        <Field
          name="code"
          label={t('my_medicines.verify_code')}
          hint={t('my_medicines.verify_code_hint')}
          autocomplete="off"
          spellcheck={false}
          maxLength={64}
          required
          errors={props.errors}
        />
        <Button>{t('my_medicines.verify_button')}</Button>
      </Form>
    </Layout>
  );
}
