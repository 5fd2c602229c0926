import { Badge, Button, Card, DescriptionList, EmptyState, Form, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ReviewTask } from '../access.schemas.js';
import { formatInstant } from '../../../platform/views/format.js';

export function PrivacyReviewsPage(props: { ctx: PageContext; tasks: ReviewTask[]; nextHref: string | null; message?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('patients.reviews_title')} wide>
      <PageHeader title={t('patients.reviews_title')} subtitle={t('patients.reviews_intro')} />
      {props.tasks.length === 0 && <EmptyState title={t('patients.reviews_empty')} />}
      {props.tasks.map((task) => (
        <Card title={t(`patients.review_kind_${task.kind}`)} id={`task-${task.id}`}>
          <DescriptionList
            items={[
              [t('patients.review_opened'), formatInstant(ctx.locale, task.createdAt, ctx.timeZone)],
              [
                t('patients.review_by'),
                task.breakGlass ? `${task.breakGlass.staffName ?? '—'} (${t(`patients.role_${task.breakGlass.role}`)})` : '—',
              ],
              [t('patients.break_glass_reason'), task.breakGlass?.reason ?? '—'],
              [
                t('patients.review_patient'),
                task.patientId ? <a href={`/staff/patients/${task.patientId}`}>{t('patients.review_patient_link')}</a> : '—',
              ],
              [t('patients.status'), <Badge kind="warning">{t(`patients.review_status_${task.status}`)}</Badge>],
            ]}
          />
          <Form ctx={ctx} action={`/staff/privacy-reviews/${task.id}/close`}>
            {/* One form per task: the note's id carries the task id so each label points at its own box. */}
            <div class="field">
              <label for={`note-${task.id}`}>{t('patients.review_note')}</label>
              <textarea id={`note-${task.id}`} name="note" rows={2} required></textarea>
            </div>
            <Button>{t('patients.review_close')}</Button>
          </Form>
        </Card>
      ))}
      {props.nextHref && <LinkButton href={props.nextHref}>{t('patients.next_page')}</LinkButton>}
    </Layout>
  );
}
