import type { ComponentChildren } from 'preact';
import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, DescriptionList, Form, LinkButton, Table, TextArea } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { PatientBanner, type BannerAllergy, type BannerPatient } from '../../../platform/views/patient-banner.js';
import type { AlertDto, PrescriptionDetailDto } from '../prescriptions.schemas.js';
import { formatDose, formatFrequency, formatWhen, PrescriptionStatusChip, SeverityChip } from './prescription-format.js';

type ShownAlert = AlertDto & { overrideReason?: string | null };

/** What an alert is about, in words: both drugs (or the allergy), the class or rule where there is one. */
function AlertSubject(props: { ctx: PageContext; alert: ShownAlert }) {
  const { t } = props.ctx;
  const a = props.alert;
  const other = a.otherDrug ?? '';
  return (
    <>
      <strong>{t(`medications.alert_kind_${a.kind}`)}</strong>
      <br />
      {a.kind === 'allergies_not_recorded'
        ? t('medications.alert_not_recorded_text', { drug: a.drug })
        : a.kind.startsWith('allergy')
          ? t('medications.alert_allergy_text', { drug: a.drug, allergy: other })
          : t('medications.alert_pair_text', { drug: a.drug, other })}
      {a.otherOutsideMedicationId && <> · {t('medrec.taken_from_outside')}</>}
      {a.kind === 'allergy_class' && a.rule && <> · {t(`medications.drug_class_${a.rule}`)}</>}
      {a.source === 'onc_high_priority' && a.rule && <> · {t('medications.onc_rule', { n: a.rule })}</>}
    </>
  );
}

/** Consequence only where the source has one (ONC), marked as awaiting clinician review; otherwise say the source gives none. */
function AlertConsequence(props: { ctx: PageContext; alert: ShownAlert }) {
  const { t } = props.ctx;
  if (props.alert.consequence) {
    return (
      <>
        {props.alert.consequence} <em>({t('medications.consequence_unreviewed')})</em>
      </>
    );
  }
  return props.alert.kind === 'interaction' ? <>{t('medications.consequence_none_in_source')}</> : <>—</>;
}

/**
 * An alert the same prescriber already overrode (checks/override-collapsing.ts): collapsed, not
 * hidden — a summary line with the earlier reason and date, the full alert inside <details>.
 */
function AlertCell(props: { ctx: PageContext; alert: ShownAlert }) {
  const { ctx, alert: a } = props;
  if (!a.collapsed) return <AlertSubject ctx={ctx} alert={a} />;
  return (
    <details>
      <summary>
        {ctx.t('medrec.collapsed_summary', {
          drug: a.drug,
          other: a.otherDrug ?? '',
          reason: a.collapsed.reason,
          when: formatWhen(ctx, a.collapsed.overriddenAt),
        })}
      </summary>
      <AlertSubject ctx={ctx} alert={a} />
    </details>
  );
}

export function AlertsTable(props: { ctx: PageContext; alerts: ShownAlert[]; showReasons?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('medications.alerts_caption')}
      rows={props.alerts}
      empty={t('medications.alerts_none')}
      columns={[
        { header: t('medications.col_severity'), cell: (a) => <SeverityChip ctx={ctx} severity={a.severity} /> },
        { header: t('medications.col_alert'), cell: (a) => <AlertCell ctx={ctx} alert={a} /> },
        { header: t('medications.col_source'), cell: (a) => a.sourceEdition },
        { header: t('medications.col_consequence'), cell: (a) => <AlertConsequence ctx={ctx} alert={a} /> },
        ...(props.showReasons
          ? [
              {
                header: t('medications.col_override_reason'),
                cell: (a: ShownAlert) =>
                  a.overrideReason ?? (a.collapsed ? t('medrec.collapsed_reason', { reason: a.collapsed.reason }) : '—'),
              },
            ]
          : []),
      ]}
    />
  );
}

/**
 * One prescription. A draft shows the checks as signing would run them now, and the sign form asks
 * a reason for each alert that needs one. A signed one shows the alerts recorded at signing with
 * their override reasons, and can be stopped with a reason.
 */
export function PrescriptionDetailPage(props: {
  ctx: PageContext;
  now: Date;
  patient: BannerPatient;
  allergies: BannerAllergy[];
  prescription: PrescriptionDetailDto;
  preview: AlertDto[] | null;
  errors: FieldError[];
  problem?: string;
  /** What the pharmacy adds (its queries and the prescriber's answers): pharmacy/views/pharmacy-queries-card.tsx. */
  pharmacy?: ComponentChildren;
}) {
  const { ctx, prescription: p } = props;
  const { t } = ctx;
  const mayWrite = ctx.actor !== null && roleHasPermission(ctx.actor.role, 'prescriptions.write');
  const needing = (props.preview ?? []).filter((a) => a.requiresOverride && !a.collapsed);
  return (
    <Layout ctx={ctx} title={p.product.name} wide>
      <PatientBanner ctx={ctx} patient={props.patient} allergies={props.allergies} now={props.now} />
      <PageHeader
        title={p.product.name}
        subtitle={<PrescriptionStatusChip ctx={ctx} status={p.status} />}
        actions={
          <>
            {p.status !== 'draft' && <LinkButton href={`/staff/prescriptions/${p.id}/doses`}>{t('doses.adherence_link')}</LinkButton>}
            <LinkButton href={`/staff/patients/${p.patientId}/medicines`}>{t('medications.back_to_medicines')}</LinkButton>
          </>
        }
      />
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card title={t('medications.prescription_details')}>
        <DescriptionList
          items={[
            [t('medications.field_dose'), `${formatDose(ctx, p.dose)} · ${t(`medications.route_${p.route}`)}`],
            [t('medications.field_frequency'), formatFrequency(ctx, p.frequency)],
            [t('medications.field_starts_at'), formatWhen(ctx, p.startsAt)],
            [
              t('medications.field_until'),
              p.endsAt ? formatWhen(ctx, p.endsAt) : p.durationDays ? t('medications.duration_days', { n: p.durationDays }) : '—',
            ],
            [t('medications.field_quantity'), p.quantity ? formatDose(ctx, p.quantity) : '—'],
            [t('medications.field_refills'), String(p.refills)],
            [t('medications.field_instructions'), p.instructions ?? '—'],
            ...(p.signedAt ? [[t('medications.field_signed_at'), formatWhen(ctx, p.signedAt)] as [string, string]] : []),
            ...(p.stoppedAt
              ? [
                  [
                    t('medications.field_stopped'),
                    `${formatWhen(ctx, p.stoppedAt)} · ${p.stopReason ?? t('medications.stopped_replaced')}`,
                  ] as [string, string],
                ]
              : []),
          ]}
        />
      </Card>
      {props.preview && (
        <Card title={t('medications.checks_title')}>
          <AlertsTable ctx={ctx} alerts={props.preview} />
          {mayWrite && (
            <Form ctx={ctx} action={`/staff/prescriptions/${p.id}/sign`} version={p.version}>
              {needing.length > 0 && <p>{t('medications.override_intro')}</p>}
              {needing.map((a, i) => (
                <>
                  <input type="hidden" name={`overrideKey${i}`} value={a.key} />
                  <TextArea
                    name={`overrideReason${i}`}
                    label={t('medications.override_reason_for', { drug: a.drug, other: a.otherDrug ?? '' })}
                    errors={props.errors}
                    rows={2}
                  />
                </>
              ))}
              <Button>{t('medications.sign')}</Button>
            </Form>
          )}
        </Card>
      )}
      {p.status !== 'draft' && (
        <Card title={t('medications.alerts_at_signing')}>
          <AlertsTable ctx={ctx} alerts={p.alerts} showReasons />
        </Card>
      )}
      {props.pharmacy}
      {mayWrite && p.status === 'signed' && (
        <Card title={t('medications.stop_title')}>
          <Form ctx={ctx} action={`/staff/prescriptions/${p.id}/stop`} confirm={t('medications.stop_confirm')}>
            <TextArea name="reason" label={t('medications.stop_reason')} errors={props.errors} rows={2} />
            <Button variant="danger">{t('medications.stop')}</Button>
          </Form>
        </Card>
      )}
    </Layout>
  );
}
