import { roleHasPermission } from '../../../platform/authz/permissions.js';
import { LinkButton, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { PatientBanner, type BannerAllergy, type BannerPatient } from '../../../platform/views/patient-banner.js';
import { fullName } from '../../../platform/views/format.js';
import type { PrescriptionDto } from '../prescriptions.schemas.js';
import { formatDose, formatFrequency, formatWhen, PrescriptionStatusChip } from './prescription-format.js';

/** A patient's medicines (prescriptions, newest first), reached from the chart. */
export function MedicinesPage(props: {
  ctx: PageContext;
  now: Date;
  patient: BannerPatient & { id: string };
  allergies: BannerAllergy[];
  items: PrescriptionDto[];
}) {
  const { ctx, patient } = props;
  const { t } = ctx;
  const mayPrescribe = ctx.actor !== null && roleHasPermission(ctx.actor.role, 'prescriptions.write');
  return (
    <Layout ctx={ctx} title={t('medications.medicines_title', { name: fullName(patient) })} wide>
      <PatientBanner ctx={ctx} patient={patient} allergies={props.allergies} now={props.now} />
      <PageHeader
        title={t('medications.medicines_title', { name: fullName(patient) })}
        actions={
          <>
            {mayPrescribe && (
              <LinkButton href={`/staff/patients/${patient.id}/medicines/new`} variant="primary">
                {t('medications.new_prescription')}
              </LinkButton>
            )}
            {mayPrescribe && (
              <LinkButton href={`/staff/patients/${patient.id}/outside-medicines/new`}>{t('medrec.add_outside')}</LinkButton>
            )}
            <LinkButton href={`/staff/patients/${patient.id}/chart`}>{t('medications.back_to_chart')}</LinkButton>
          </>
        }
      />
      <Table
        caption={t('medications.medicines_caption')}
        rows={props.items}
        empty={t('medications.medicines_empty')}
        columns={[
          { header: t('medications.col_product'), cell: (p) => <a href={`/staff/prescriptions/${p.id}`}>{p.product.name}</a> },
          { header: t('medications.field_dose'), cell: (p) => `${formatDose(ctx, p.dose)} · ${t(`medications.route_${p.route}`)}` },
          { header: t('medications.field_frequency'), cell: (p) => formatFrequency(ctx, p.frequency) },
          { header: t('medications.field_starts_at'), cell: (p) => formatWhen(ctx, p.startsAt) },
          { header: t('medications.field_status'), cell: (p) => <PrescriptionStatusChip ctx={ctx} status={p.status} /> },
        ]}
      />
    </Layout>
  );
}
