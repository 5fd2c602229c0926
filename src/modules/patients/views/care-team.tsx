import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Field, Form, SelectField, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { CareTeamMember } from '../access.schemas.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy } from '../records.schemas.js';
import { PatientBanner } from '../../../platform/views/patient-banner.js';
import { RemoveButton } from './record-forms.js';
import { formatInstant, fullName } from '../../../platform/views/format.js';

export function CareTeamPage(props: {
  ctx: PageContext;
  now: Date;
  patient: PatientProfile;
  allergies: Allergy[] | null;
  members: CareTeamMember[];
  canManage: boolean;
  staff: { id: string; name: string; role: string }[];
  errors: FieldError[];
  message?: string;
}) {
  const { ctx, patient } = props;
  const { t } = ctx;
  const base = `/staff/patients/${patient.id}/care-team`;
  return (
    <Layout ctx={ctx} title={t('patients.care_team_title')} wide>
      <PatientBanner ctx={ctx} patient={patient} allergies={props.allergies} now={props.now} />
      <PageHeader title={t('patients.care_team_title')} subtitle={<a href={`/staff/patients/${patient.id}`}>{fullName(patient)}</a>} />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      <Table
        caption={t('patients.care_team_title')}
        empty={t('patients.care_team_empty')}
        rows={props.members}
        columns={[
          { header: t('patients.name'), cell: (m) => m.name },
          { header: t('patients.role'), cell: (m) => t(`patients.role_${m.role}`) },
          {
            header: t('patients.team_role'),
            cell: (m) =>
              // The emergency department's clinicians join for a stay (docs/emergency.md): a code, shown in words.
              m.teamRole === 'emergency_department' ? t('patients.team_role_emergency_department') : (m.teamRole ?? '—'),
          },
          { header: t('patients.member_since'), cell: (m) => formatInstant(ctx.locale, m.startsAt, ctx.timeZone) },
          {
            header: t('patients.actions'),
            cell: (m) =>
              props.canManage && <RemoveButton ctx={ctx} action={`${base}/${m.id}/remove`} version={1} label={t('patients.remove')} />,
          },
        ]}
      />
      {props.canManage && (
        <Form ctx={ctx} action={base}>
          <h2>{t('patients.care_team_add_title')}</h2>
          <SelectField
            name="staffId"
            label={t('patients.care_team_staff')}
            includeBlank={t('patients.choose')}
            errors={props.errors}
            required
            options={props.staff.map((s) => ({ value: s.id, label: `${s.name} — ${t(`patients.role_${s.role}`)}` }))}
          />
          <Field name="teamRole" label={t('patients.team_role')} hint={t('patients.team_role_hint')} errors={props.errors} />
          <Button>{t('patients.care_team_add')}</Button>
        </Form>
      )}
    </Layout>
  );
}
