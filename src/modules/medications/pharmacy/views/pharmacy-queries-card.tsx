import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import { Button, Card, Form, TextArea } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { PharmacyQueryDto } from '../pharmacy.schemas.js';
import { QueriesList } from './pharmacy-prescription.js';

/** On the prescription's page: the pharmacy's queries, and for the prescriber a form to answer the open one (which resolves it). */
export function PharmacyQueriesCard(props: { ctx: PageContext; prescriptionId: string; queries: PharmacyQueryDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const open = props.queries.find((q) => q.answer === null);
  const mayAnswer = ctx.actor !== null && roleHasPermission(ctx.actor.role, 'prescriptions.write');
  return (
    <Card title={t('pharmacy.queries_title')} id="pharmacy-queries">
      <QueriesList ctx={ctx} queries={props.queries} />
      {open && mayAnswer && (
        <Form ctx={ctx} action={`/staff/prescriptions/${props.prescriptionId}/pharmacy-queries/${open.id}/answer`}>
          <TextArea name="answer" label={t('pharmacy.answer_label')} rows={2} />
          <Button>{t('pharmacy.send_answer')}</Button>
        </Form>
      )}
    </Card>
  );
}
