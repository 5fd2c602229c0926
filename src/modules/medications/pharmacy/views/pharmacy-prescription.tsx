import type { FieldError } from '../../../../platform/errors.js';
import {
  Alert,
  Button,
  Card,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  StatusChip,
  Table,
  TextArea,
} from '../../../../platform/views/components.js';
import { formatCalendarDate } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { PatientBanner, type BannerAllergy, type BannerPatient } from '../../../../platform/views/patient-banner.js';
import { AlertsTable } from '../../views/prescription-detail.js';
import { formatDose, formatFrequency, formatWhen, PrescriptionStatusChip } from '../../views/prescription-format.js';
import type { DispenseDto, PharmacyQueryDto, PharmacyViewDto } from '../pharmacy.schemas.js';

/** The queries to the prescriber and their answers (the pharmacist's page and the prescriber's). */
export function QueriesList(props: { ctx: PageContext; queries: PharmacyQueryDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('pharmacy.queries_title')}
      rows={props.queries}
      empty={t('pharmacy.queries_none')}
      columns={[
        { header: t('pharmacy.col_asked'), cell: (q) => `${formatWhen(ctx, q.askedAt)} · ${q.askedBy.name ?? '—'}` },
        { header: t('pharmacy.col_message'), cell: (q) => q.message },
        {
          header: t('pharmacy.col_answer'),
          cell: (q) =>
            q.answer === null ? (
              <StatusChip tone="info" icon="circle-alert">
                {t('pharmacy.flag_query_open')}
              </StatusChip>
            ) : (
              <>
                {q.answer}
                <br />
                <small>
                  {formatWhen(ctx, q.answeredAt!)} · {q.answeredBy?.name ?? '—'}
                </small>
              </>
            ),
        },
      ]}
    />
  );
}

export function DispensesTable(props: { ctx: PageContext; dispenses: DispenseDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('pharmacy.dispenses_title')}
      rows={props.dispenses}
      empty={t('pharmacy.dispenses_none')}
      columns={[
        { header: t('pharmacy.col_dispensed_at'), cell: (d) => formatWhen(ctx, d.dispensedAt) },
        { header: t('pharmacy.col_quantity'), cell: (d) => formatDose(ctx, d.quantity) },
        { header: t('pharmacy.col_lot'), cell: (d) => d.lotNumber },
        { header: t('pharmacy.col_expiry'), cell: (d) => formatCalendarDate(ctx.locale, d.expiresOn) },
        { header: t('pharmacy.col_by'), cell: (d) => d.dispensedBy.name ?? '—' },
        {
          header: t('pharmacy.col_label'),
          cell: (d) => <a href={`/staff/pharmacy/dispenses/${d.id}/label`}>{t('pharmacy.print_label')}</a>,
        },
      ]}
    />
  );
}

function VerificationStatus(props: { ctx: PageContext; view: PharmacyViewDto }) {
  const { t } = props.ctx;
  const v = props.view.verification;
  if (!v) {
    return (
      <StatusChip tone="warning" icon="clock">
        {t('pharmacy.awaiting_verification')}
      </StatusChip>
    );
  }
  return (
    <StatusChip tone={v.decision === 'verified' ? 'ok' : 'danger'} icon={v.decision === 'verified' ? 'check' : 'ban'}>
      {t(`pharmacy.decision_${v.decision}`)}
    </StatusChip>
  );
}

/**
 * One prescription for the pharmacist: what was signed, every alert with its override reason
 * (always shown in full), the decision, the queries, and dispensing with its history.
 */
export function PharmacyPrescriptionPage(props: {
  ctx: PageContext;
  now: Date;
  patient: BannerPatient;
  allergies: BannerAllergy[];
  view: PharmacyViewDto;
  dispenses: DispenseDto[];
  errors: FieldError[];
  problem?: string;
  values?: Record<string, string | undefined>;
}) {
  const { ctx, view } = props;
  const { t } = ctx;
  const p = view.prescription;
  const overridden = view.alerts.filter((a) => a.overrideReason !== null);
  const undecided = view.verification === null && p.status === 'signed';
  const openQuery = view.queries.some((q) => q.answer === null);
  const dispensable = p.status === 'signed' && view.verification?.decision === 'verified' && view.allowedTotal !== null;
  return (
    <Layout ctx={ctx} title={p.product.name} wide>
      <PatientBanner ctx={ctx} patient={props.patient} allergies={props.allergies} now={props.now} />
      <PageHeader
        title={p.product.name}
        subtitle={
          <>
            <PrescriptionStatusChip ctx={ctx} status={p.status} /> <VerificationStatus ctx={ctx} view={view} />
          </>
        }
        actions={<LinkButton href="/staff/pharmacy">{t('pharmacy.back_to_queue')}</LinkButton>}
      />
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      {overridden.length > 0 && (
        <Alert kind="warning" title={t('pharmacy.overrides_title')}>
          {t('pharmacy.overrides_intro', { n: overridden.length })}
        </Alert>
      )}
      <Card title={t('medications.prescription_details')}>
        <DescriptionList
          items={[
            [t('medications.field_dose'), `${formatDose(ctx, p.dose)} · ${t(`medications.route_${p.route}`)}`],
            [t('medications.field_frequency'), formatFrequency(ctx, p.frequency)],
            [t('medications.field_quantity'), p.quantity ? formatDose(ctx, p.quantity) : '—'],
            [t('medications.field_refills'), String(p.refills)],
            [t('medications.field_instructions'), p.instructions ?? '—'],
            [t('pharmacy.col_prescriber'), p.prescriber.name ?? '—'],
            [t('medications.field_signed_at'), p.signedAt ? formatWhen(ctx, p.signedAt) : '—'],
            ...(view.verification?.reason ? [[t('pharmacy.reject_reason'), view.verification.reason] as [string, string]] : []),
          ]}
        />
      </Card>
      <Card title={t('medications.alerts_at_signing')} id="alerts">
        <AlertsTable ctx={ctx} alerts={view.alerts} showReasons />
      </Card>
      <Card title={t('pharmacy.queries_title')} id="queries">
        <QueriesList ctx={ctx} queries={view.queries} />
        {undecided && !openQuery && (
          <Form ctx={ctx} action={`/staff/pharmacy/prescriptions/${p.id}/query`}>
            <TextArea name="message" label={t('pharmacy.query_message')} errors={props.errors} rows={2} />
            <Button variant="secondary">{t('pharmacy.send_query')}</Button>
          </Form>
        )}
      </Card>
      {undecided && <DecisionCard ctx={ctx} prescriptionId={p.id} openQuery={openQuery} errors={props.errors} />}
      <DispenseCard
        ctx={ctx}
        view={view}
        dispenses={props.dispenses}
        errors={props.errors}
        values={props.values}
        dispensable={dispensable}
      />
    </Layout>
  );
}

/** Verify, or reject with a reason (verifying waits for an open query's answer). */
function DecisionCard(props: { ctx: PageContext; prescriptionId: string; openQuery: boolean; errors: FieldError[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Card title={t('pharmacy.decision_title')}>
      {props.openQuery ? (
        <p>{t('pharmacy.wait_for_answer')}</p>
      ) : (
        <Form ctx={ctx} action={`/staff/pharmacy/prescriptions/${props.prescriptionId}/verify`}>
          <Button>{t('pharmacy.verify')}</Button>
        </Form>
      )}
      <Form ctx={ctx} action={`/staff/pharmacy/prescriptions/${props.prescriptionId}/reject`} confirm={t('pharmacy.reject_confirm')}>
        <TextArea name="reason" label={t('pharmacy.reject_reason')} errors={props.errors} rows={2} />
        <Button variant="danger">{t('pharmacy.reject')}</Button>
      </Form>
    </Card>
  );
}

/** What was dispensed against what may be, the history with labels, and the dispense form once verified. */
function DispenseCard(props: {
  ctx: PageContext;
  view: PharmacyViewDto;
  dispenses: DispenseDto[];
  errors: FieldError[];
  values?: Record<string, string | undefined>;
  dispensable: boolean;
}) {
  const { ctx, view } = props;
  const { t } = ctx;
  const unit = view.allowedTotal?.unit;
  return (
    <Card title={t('pharmacy.dispenses_title')} id="dispenses">
      <p>
        {t('pharmacy.dispensed_of', {
          dispensed: view.dispensedTotal ? formatDose(ctx, view.dispensedTotal) : '—',
          allowed: view.allowedTotal ? formatDose(ctx, view.allowedTotal) : '—',
        })}
      </p>
      <DispensesTable ctx={ctx} dispenses={props.dispenses} />
      {props.dispensable && unit && (
        <Form ctx={ctx} action={`/staff/pharmacy/prescriptions/${view.prescription.id}/dispense`}>
          <input type="hidden" name="quantityUnit" value={unit} />
          <Field
            name="quantityValue"
            type="number"
            step="any"
            required
            label={t('pharmacy.field_quantity', { unit: formatDose(ctx, { value: 0, unit }).replace(/^0\s*/, '') })}
            value={props.values?.quantityValue}
            errors={props.errors}
          />
          <Field name="lotNumber" required label={t('pharmacy.field_lot')} value={props.values?.lotNumber} errors={props.errors} />
          <Field
            name="expiresOn"
            type="date"
            required
            label={t('pharmacy.field_expiry')}
            value={props.values?.expiresOn}
            errors={props.errors}
          />
          <Button>{t('pharmacy.dispense')}</Button>
        </Form>
      )}
    </Card>
  );
}
