import { formatZonedDateTime } from '../../../../platform/views/format.js';
import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Badge, Button, Card, EmptyState, Field, Form, SelectField, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { VisitTypeView } from '../../availability/availability.schemas.js';
import type { WaitlistEntry } from '../waitlist.schemas.js';
import type { WaitlistStatus } from '../waitlist.tables.js';
import { visitTypeLabel } from '../../availability/views/availability-editor.js';
import { formText as str } from '../../../../platform/views/format.js';

export interface WaitlistPageProps {
  ctx: PageContext;
  entries: WaitlistEntry[];
  specialties: { id: string; name: string }[];
  visitTypes: VisitTypeView[];
  clinicians: { id: string; name: string }[];
  /** Names of every clinician an entry mentions. */
  staffNames: Map<string, string>;
  done?: string | undefined;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string | undefined;
}

const STATUS_BADGE: Record<WaitlistStatus, 'info' | 'success' | 'warning' | 'neutral' | 'danger'> = {
  waiting: 'info',
  offered: 'warning',
  booked: 'success',
  expired: 'neutral',
  cancelled: 'neutral',
};

function when(ctx: PageContext, instant: Date): string {
  return formatZonedDateTime(ctx.locale, instant, ctx.timeZone, 'full');
}

function OfferCard(props: { ctx: PageContext; entry: WaitlistEntry; staffName: string }) {
  const { ctx, entry } = props;
  const { t } = ctx;
  const offer = entry.offer!;
  return (
    <Card
      title={t('scheduling.waitlist_offer_heading')}
      actions={
        <>
          <Form ctx={ctx} action={`/portal/waitlist/${entry.id}/accept`} class="inline-form">
            <Button>{t('scheduling.waitlist_accept')}</Button>
          </Form>
          <Form ctx={ctx} action={`/portal/waitlist/${entry.id}/decline`} class="inline-form">
            <Button variant="secondary">{t('scheduling.waitlist_decline')}</Button>
          </Form>
        </>
      }
    >
      <p>{t('scheduling.waitlist_offer_text', { when: when(ctx, offer.startsAt), clinician: props.staffName })}</p>
      <p>{t('scheduling.waitlist_offer_until', { until: when(ctx, offer.expiresAt) })}</p>
    </Card>
  );
}

export function WaitlistPage(props: WaitlistPageProps) {
  const { ctx } = props;
  const { t } = ctx;
  const specialtyName = new Map(props.specialties.map((s) => [s.id, s.name]));
  const visitTypeName = new Map(props.visitTypes.map((v) => [v.id, visitTypeLabel(ctx, v)]));
  const offers = props.entries.filter((e) => e.status === 'offered' && e.offer);
  return (
    <Layout ctx={ctx} title={t('scheduling.waitlist_title')}>
      <PageHeader title={t('scheduling.waitlist_title')} subtitle={t('scheduling.waitlist_intro')} />
      {props.done && <Alert kind="success">{t(`scheduling.waitlist_done_${props.done}`)}</Alert>}
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      {offers.map((entry) => (
        <OfferCard ctx={ctx} entry={entry} staffName={props.staffNames.get(entry.offer!.staffId) ?? ''} />
      ))}
      <Table
        caption={t('scheduling.waitlist_entries')}
        empty={t('scheduling.waitlist_empty')}
        rows={props.entries}
        columns={[
          { header: t('scheduling.waitlist_specialty'), cell: (e) => specialtyName.get(e.specialtyId) ?? '' },
          { header: t('scheduling.waitlist_visit_type'), cell: (e) => visitTypeName.get(e.visitTypeId) ?? '' },
          {
            header: t('scheduling.waitlist_clinician'),
            cell: (e) => (e.staffId ? (props.staffNames.get(e.staffId) ?? '') : t('scheduling.waitlist_anyone')),
          },
          { header: t('scheduling.waitlist_dates'), cell: (e) => `${e.earliestDate} – ${e.latestDate}` },
          {
            header: t('scheduling.waitlist_status'),
            cell: (e) => <Badge kind={STATUS_BADGE[e.status]}>{t(`scheduling.waitlist_status_${e.status}`)}</Badge>,
          },
          {
            header: t('scheduling.actions'),
            cell: (e) =>
              e.status === 'waiting' || e.status === 'offered' ? (
                <Form
                  ctx={ctx}
                  action={`/portal/waitlist/${e.id}/leave`}
                  class="inline-form"
                  confirm={t('scheduling.waitlist_leave_confirm')}
                >
                  <Button variant="secondary">{t('scheduling.waitlist_leave')}</Button>
                </Form>
              ) : (
                ''
              ),
          },
        ]}
      />
      <JoinWaitlistCard {...props} />
    </Layout>
  );
}

/** The form to join the waiting list, or why it cannot be joined yet. */
function JoinWaitlistCard(props: WaitlistPageProps) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Card title={t('scheduling.waitlist_join_title')} id="join">
      {props.specialties.length === 0 ? (
        <EmptyState title={t('scheduling.waitlist_no_specialties')} />
      ) : (
        <Form ctx={ctx} action="/portal/waitlist">
          <SelectField
            name="specialtyId"
            label={t('scheduling.waitlist_specialty')}
            options={props.specialties.map((s) => ({ value: s.id, label: s.name }))}
            value={str(props.values.specialtyId) ?? null}
            errors={props.errors}
            required
          />
          <SelectField
            name="visitTypeId"
            label={t('scheduling.waitlist_visit_type')}
            options={props.visitTypes.map((v) => ({ value: v.id, label: visitTypeLabel(ctx, v) }))}
            value={str(props.values.visitTypeId) ?? null}
            errors={props.errors}
            required
          />
          <SelectField
            name="staffId"
            label={t('scheduling.waitlist_clinician')}
            includeBlank={t('scheduling.waitlist_anyone')}
            options={props.clinicians.map((c) => ({ value: c.id, label: c.name }))}
            value={str(props.values.staffId) ?? null}
            errors={props.errors}
          />
          <Field
            type="date"
            name="earliestDate"
            label={t('scheduling.waitlist_earliest')}
            value={str(props.values.earliestDate) ?? null}
            errors={props.errors}
            required
          />
          <Field
            type="date"
            name="latestDate"
            label={t('scheduling.waitlist_latest')}
            hint={t('scheduling.waitlist_latest_hint')}
            value={str(props.values.latestDate) ?? null}
            errors={props.errors}
            required
          />
          <Button>{t('scheduling.waitlist_join')}</Button>
        </Form>
      )}
    </Card>
  );
}
