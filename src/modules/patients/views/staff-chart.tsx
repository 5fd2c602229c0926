import { roleHasPermission } from '../../../platform/authz/permissions.js';
import type { FieldError } from '../../../platform/errors.js';
import {
  AddForm,
  Alert,
  Badge,
  Button,
  Card,
  DescriptionList,
  Form,
  LinkButton,
  SelectField,
  Table,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy, Condition, EmergencyContact, InsurancePolicy } from '../records.schemas.js';
import { PatientBanner } from '../../../platform/views/patient-banner.js';
import { AllergyStatusBadge } from './portal-profile.js';
import { AllergyForm, ConditionForm, ContactForm, HealthStatusField, PolicyForm, RemoveButton } from './record-forms.js';
import { fullName } from '../../../platform/views/format.js';

export type ChartSection = 'status' | 'allergies' | 'conditions' | 'contacts' | 'insurance';

export interface StaffChartProps {
  ctx: PageContext;
  now: Date;
  patient: PatientProfile;
  /** null when the viewer has the registration tier only. */
  clinical: { allergies: Allergy[]; conditions: Condition[] } | null;
  contacts: EmergencyContact[];
  policies: InsurancePolicy[];
  canWriteClinical: boolean;
  canWriteRegistration: boolean;
  canEditStatus: boolean;
  failed?: { section: ChartSection; errors: FieldError[]; values: Record<string, unknown>; message?: string };
}

/** The staff chart: banner, registration data, and for clinical tiers the clinical record with add forms. */
export function StaffChartPage(props: StaffChartProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  return (
    <Layout ctx={ctx} title={fullName(p)} wide>
      <PatientBanner ctx={ctx} patient={p} allergies={props.clinical?.allergies ?? null} now={props.now} />
      <PageHeader
        title={fullName(p)}
        subtitle={p.access === 'break_glass' ? <Badge kind="danger">{t('patients.break_glass_active')}</Badge> : undefined}
        actions={
          <>
            {props.clinical && (
              <LinkButton href={`${base}/chart`} variant="primary">
                {t('patients.clinical_record_link')}
              </LinkButton>
            )}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'care-team.read') && (
              <LinkButton href={`${base}/care-team`}>{t('patients.care_team_title')}</LinkButton>
            )}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'billing.manage') && (
              <LinkButton href={`/staff/billing/patients/${p.id}`}>{t('patients.billing_link')}</LinkButton>
            )}
          </>
        }
      />
      <div class="chart-grid">
        <DemographicsCard {...props} />

        <HealthStatusCard {...props} />

        <AllergiesCard {...props} />

        <ConditionsCard {...props} />

        <InsuranceCard {...props} />

        <ContactsCard {...props} />
      </div>
    </Layout>
  );
}

/** The failed form of one section, when the page is re-rendered beside it. */
function sectionFailure(props: StaffChartProps, section: ChartSection) {
  return props.failed?.section === section ? props.failed : undefined;
}

function SectionMessage({ failed }: { failed: StaffChartProps['failed'] }) {
  return failed?.message ? <Alert kind="danger">{failed.message}</Alert> : null;
}

/** Who the patient is and how to reach them. */
function DemographicsCard(props: StaffChartProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  return (
    <Card title={t('patients.section_demographics')} id="demographics">
      <DescriptionList
        items={[
          [t('patients.mrn'), p.mrn],
          [t('patients.birth_date'), p.birthDate],
          [t('patients.sex'), t(`patients.sex_${p.sex ?? 'unknown'}`)],
          [t('patients.phone'), p.phone],
          [t('patients.email'), p.email],
          [
            t('patients.address'),
            p.address ? [p.address.line1, p.address.city, p.address.postalCode, p.address.country].filter(Boolean).join(', ') : null,
          ],
          [t('patients.preferred_language'), p.preferredLanguage],
          [t('patients.portal_account'), p.hasPortalAccount ? t('patients.yes') : t('patients.no')],
        ]}
      />
    </Card>
  );
}

/** The health and allergy status, editable by the clinical tier. */
function HealthStatusCard(props: StaffChartProps) {
  if (!props.clinical) return null;
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  const failed = sectionFailure(props, 'status');
  return (
    <Card title={t('patients.section_health')} id="status">
      <SectionMessage failed={failed} />
      <p>
        <AllergyStatusBadge ctx={ctx} status={p.allergyStatus} />
      </p>
      <p>{p.healthStatus ?? t('patients.health_status_empty')}</p>
      {props.canEditStatus && (
        <Form ctx={ctx} action={`${base}/status`} version={p.version}>
          <HealthStatusField ctx={ctx} value={p.healthStatus} errors={failed?.errors} />
          <SelectField
            name="allergyStatus"
            label={t('patients.allergy_status')}
            value={p.allergyStatus}
            errors={failed?.errors}
            options={['not_recorded', 'no_known_allergies', 'has_allergies'].map((s) => ({
              value: s,
              label: t(`patients.allergy_status_${s}`),
            }))}
          />
          <Button>{t('patients.save')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** Allergies, with entered-in-error and the add form. */
function AllergiesCard(props: StaffChartProps) {
  if (!props.clinical) return null;
  const clinical = props.clinical;
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  const failed = sectionFailure(props, 'allergies');
  return (
    <Card title={t('patients.section_allergies')} id="allergies">
      <SectionMessage failed={failed} />
      <Table
        caption={t('patients.section_allergies')}
        empty={t('patients.allergies_empty')}
        rows={clinical.allergies.filter((a) => a.status !== 'entered-in-error')}
        columns={[
          { header: t('patients.allergy_substance'), cell: (a) => <strong>{a.substance}</strong> },
          { header: t('patients.allergy_reaction'), cell: (a) => a.reaction ?? '—' },
          {
            header: t('patients.allergy_severity'),
            cell: (a) => <Badge kind={a.severity === 'severe' ? 'danger' : 'neutral'}>{t(`patients.severity_${a.severity}`)}</Badge>,
          },
          {
            header: t('patients.status'),
            cell: (a) => `${t(`patients.status_${a.status}`)} · ${t(`patients.verification_${a.verification}`)}`,
          },
          {
            header: t('patients.actions'),
            cell: (a) =>
              props.canWriteClinical && (
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/allergies/${a.id}/remove`}
                  version={a.version}
                  label={t('patients.entered_in_error')}
                />
              ),
          },
        ]}
      />
      {props.canWriteClinical && (
        <AddForm title={t('patients.allergy_add_title')} open={failed !== undefined}>
          <AllergyForm ctx={ctx} action={`${base}/allergies`} errors={failed?.errors} values={failed?.values} />
        </AddForm>
      )}
    </Card>
  );
}

/** Conditions, with entered-in-error and the add form. */
function ConditionsCard(props: StaffChartProps) {
  if (!props.clinical) return null;
  const clinical = props.clinical;
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  const failed = sectionFailure(props, 'conditions');
  return (
    <Card title={t('patients.section_conditions')} id="conditions">
      <SectionMessage failed={failed} />
      <Table
        caption={t('patients.section_conditions')}
        empty={t('patients.conditions_empty')}
        rows={clinical.conditions.filter((c) => c.status !== 'entered-in-error')}
        columns={[
          { header: t('patients.condition_category'), cell: (c) => t(`patients.category_${c.category}`) },
          { header: t('patients.condition_description'), cell: (c) => <strong>{c.description}</strong> },
          { header: t('patients.condition_icd10'), cell: (c) => c.icd10Code ?? '—' },
          { header: t('patients.condition_onset'), cell: (c) => c.onsetDate ?? '—' },
          {
            header: t('patients.actions'),
            cell: (c) =>
              props.canWriteClinical && (
                <RemoveButton
                  ctx={ctx}
                  action={`${base}/conditions/${c.id}/remove`}
                  version={c.version}
                  label={t('patients.entered_in_error')}
                />
              ),
          },
        ]}
      />
      {props.canWriteClinical && (
        <AddForm title={t('patients.condition_add_title')} open={failed !== undefined}>
          <ConditionForm ctx={ctx} action={`${base}/conditions`} errors={failed?.errors} values={failed?.values} />
        </AddForm>
      )}
    </Card>
  );
}

/** Active insurance policies and the add form. */
function InsuranceCard(props: StaffChartProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  const failed = sectionFailure(props, 'insurance');
  return (
    <Card title={t('patients.section_insurance')} id="insurance">
      <SectionMessage failed={failed} />
      <Table
        caption={t('patients.section_insurance')}
        empty={t('patients.policies_empty')}
        rows={props.policies.filter((x) => x.status === 'active')}
        columns={[
          { header: t('patients.policy_payer'), cell: (x) => x.payer },
          { header: t('patients.policy_member_number'), cell: (x) => x.memberNumber },
          { header: t('patients.policy_plan'), cell: (x) => x.planName ?? '—' },
          { header: t('patients.policy_valid_to'), cell: (x) => x.validTo ?? '—' },
        ]}
      />
      {props.canWriteRegistration && (
        <AddForm title={t('patients.policy_add_title')} open={failed !== undefined}>
          <PolicyForm ctx={ctx} action={`${base}/insurance`} errors={failed?.errors} values={failed?.values} />
        </AddForm>
      )}
    </Card>
  );
}

/** Emergency contacts and the add form. */
function ContactsCard(props: StaffChartProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const base = `/staff/patients/${p.id}`;
  const failed = sectionFailure(props, 'contacts');
  return (
    <Card title={t('patients.section_contacts')} id="contacts">
      <SectionMessage failed={failed} />
      <Table
        caption={t('patients.section_contacts')}
        empty={t('patients.contacts_empty')}
        rows={props.contacts}
        columns={[
          { header: t('patients.contact_name'), cell: (c) => c.name },
          { header: t('patients.contact_relationship'), cell: (c) => c.relationship },
          { header: t('patients.contact_phone'), cell: (c) => c.phone },
        ]}
      />
      {props.canWriteRegistration && (
        <AddForm title={t('patients.contact_add_title')} open={failed !== undefined}>
          <ContactForm ctx={ctx} action={`${base}/contacts`} errors={failed?.errors} values={failed?.values} />
        </AddForm>
      )}
    </Card>
  );
}
