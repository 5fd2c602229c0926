import type { FieldError } from '../../../platform/errors.js';
import {
  AddForm,
  Alert,
  Badge,
  Button,
  Card,
  DescriptionList,
  EmptyState,
  Field,
  Form,
  SelectField,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientProfile } from '../patients.schemas.js';
import type { Allergy, Condition, EmergencyContact, InsurancePolicy } from '../records.schemas.js';
import { AllergyForm, ConditionForm, ContactForm, HealthStatusField, PolicyForm, RemoveButton } from './record-forms.js';

export type ProfileSection = 'details' | 'health' | 'allergies' | 'conditions' | 'contacts' | 'insurance';

export interface PortalProfileProps {
  ctx: PageContext;
  patient: PatientProfile;
  allergies: Allergy[];
  conditions: Condition[];
  contacts: EmergencyContact[];
  policies: InsurancePolicy[];
  /** The section whose form failed, with its errors and the values typed. */
  failed?: { section: ProfileSection; errors: FieldError[]; values: Record<string, unknown>; message?: string };
  saved?: ProfileSection;
}

/** The failed form of this section, if the last post was this section's and failed. */
const failedIn = (props: PortalProfileProps, section: ProfileSection) => (props.failed?.section === section ? props.failed : undefined);

/** A section's error or "saved" message. */
const notice = (props: PortalProfileProps, section: ProfileSection) => (
  <>
    {failedIn(props, section)?.message && <Alert kind="danger">{failedIn(props, section)!.message}</Alert>}
    {props.saved === section && <Alert kind="success">{props.ctx.t('patients.saved')}</Alert>}
  </>
);

/** The patient's record, one task per section, plain words and large targets. */
export function PortalProfilePage(props: PortalProfileProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const details = failedIn(props, 'details')?.values;
  const dv = (name: string, fallback: string | null | undefined) =>
    details ? ((details[name] as string | undefined) ?? null) : (fallback ?? null);
  return (
    <Layout ctx={ctx} title={t('patients.profile_title')}>
      <PageHeader title={t('patients.profile_title')} subtitle={t('patients.profile_intro')} />

      <Card title={t('patients.section_details')} id="details">
        {notice(props, 'details')}
        <Form ctx={ctx} action="/portal/profile/details" version={p.version}>
          <Field
            name="givenName"
            label={t('patients.given_name')}
            required
            autocomplete="given-name"
            value={dv('givenName', p.givenName)}
            errors={failedIn(props, 'details')?.errors}
          />
          <Field
            name="familyName"
            label={t('patients.family_name')}
            required
            autocomplete="family-name"
            value={dv('familyName', p.familyName)}
            errors={failedIn(props, 'details')?.errors}
          />
          <Field
            name="birthDate"
            type="date"
            label={t('patients.birth_date')}
            required
            autocomplete="bday"
            value={dv('birthDate', p.birthDate)}
            errors={failedIn(props, 'details')?.errors}
          />
          <SelectField
            name="sex"
            label={t('patients.sex')}
            includeBlank={t('patients.not_given')}
            value={dv('sex', p.sex)}
            options={['female', 'male', 'other', 'unknown'].map((s) => ({ value: s, label: t(`patients.sex_${s}`) }))}
          />
          <Field
            name="phone"
            type="tel"
            label={t('patients.phone')}
            autocomplete="tel"
            value={dv('phone', p.phone)}
            errors={failedIn(props, 'details')?.errors}
          />
          <Field
            name="email"
            type="email"
            label={t('patients.email')}
            autocomplete="email"
            value={dv('email', p.email)}
            errors={failedIn(props, 'details')?.errors}
          />
          <Field
            name="addressLine1"
            label={t('patients.address_line1')}
            autocomplete="address-line1"
            value={dv('addressLine1', p.address?.line1)}
          />
          <Field name="city" label={t('patients.city')} autocomplete="address-level2" value={dv('city', p.address?.city)} />
          <Field
            name="postalCode"
            label={t('patients.postal_code')}
            autocomplete="postal-code"
            value={dv('postalCode', p.address?.postalCode)}
          />
          <Field name="country" label={t('patients.country')} autocomplete="country-name" value={dv('country', p.address?.country)} />
          <Field
            name="preferredLanguage"
            label={t('patients.preferred_language')}
            hint={t('patients.preferred_language_hint')}
            value={dv('preferredLanguage', p.preferredLanguage)}
            errors={failedIn(props, 'details')?.errors}
          />
          <Button>{t('patients.save_details')}</Button>
        </Form>
      </Card>

      <Card title={t('patients.section_health')} id="health">
        {notice(props, 'health')}
        <p>{t('patients.health_status_intro')}</p>
        <Form ctx={ctx} action="/portal/profile/health" version={p.version}>
          <HealthStatusField ctx={ctx} value={p.healthStatus} errors={failedIn(props, 'health')?.errors} />
          <Button>{t('patients.save')}</Button>
        </Form>
      </Card>

      <AllergiesSection {...props} />

      <ConditionsSection {...props} />

      <ContactsSection {...props} />

      <InsuranceSection {...props} />
    </Layout>
  );
}

/** Insurance: the active policies, removing one, adding one. */
function InsuranceSection(props: PortalProfileProps) {
  const { ctx } = props;
  const { t } = ctx;
  const policies = props.policies.filter((x) => x.status === 'active');
  return (
    <Card title={t('patients.section_insurance')} id="insurance">
      {notice(props, 'insurance')}
      {policies.length === 0 ? (
        <EmptyState title={t('patients.policies_empty')} />
      ) : (
        policies.map((x) => (
          <div class="entry">
            <DescriptionList
              items={[
                [t('patients.policy_payer'), x.payer],
                [t('patients.policy_member_number'), x.memberNumber],
                [t('patients.policy_plan'), x.planName],
                [t('patients.policy_valid_to'), x.validTo],
              ]}
            />
            <RemoveButton ctx={ctx} action={`/portal/profile/insurance/${x.id}/remove`} version={x.version} label={t('patients.remove')} />
          </div>
        ))
      )}
      <AddForm title={t('patients.policy_add_title')} open={failedIn(props, 'insurance') !== undefined}>
        <PolicyForm
          ctx={ctx}
          action="/portal/profile/insurance"
          errors={failedIn(props, 'insurance')?.errors}
          values={failedIn(props, 'insurance')?.values}
        />
      </AddForm>
    </Card>
  );
}

/** Emergency contacts: the list, removing one, adding one. */
function ContactsSection(props: PortalProfileProps) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Card title={t('patients.section_contacts')} id="contacts">
      {notice(props, 'contacts')}
      {props.contacts.length === 0 ? (
        <EmptyState title={t('patients.contacts_empty')} />
      ) : (
        <ul class="entry-list">
          {props.contacts.map((c) => (
            <li>
              <strong>{c.name}</strong> ({c.relationship}) — {c.phone}
              {c.email ? `, ${c.email}` : ''}
              <RemoveButton ctx={ctx} action={`/portal/profile/contacts/${c.id}/remove`} version={c.version} label={t('patients.remove')} />
            </li>
          ))}
        </ul>
      )}
      <AddForm title={t('patients.contact_add_title')} open={failedIn(props, 'contacts') !== undefined}>
        <ContactForm
          ctx={ctx}
          action="/portal/profile/contacts"
          errors={failedIn(props, 'contacts')?.errors}
          values={failedIn(props, 'contacts')?.values}
        />
      </AddForm>
    </Card>
  );
}

/** Conditions: the list, removing one, adding one. */
function ConditionsSection(props: PortalProfileProps) {
  const { ctx } = props;
  const { t } = ctx;
  const conditions = props.conditions.filter((c) => c.status !== 'entered-in-error');
  return (
    <Card title={t('patients.section_conditions')} id="conditions">
      {notice(props, 'conditions')}
      {conditions.length === 0 ? (
        <EmptyState title={t('patients.conditions_empty')} />
      ) : (
        <ul class="entry-list">
          {conditions.map((c) => (
            <li>
              <Badge kind="neutral">{t(`patients.category_${c.category}`)}</Badge> <strong>{c.description}</strong>
              {c.relationship ? ` (${c.relationship})` : ''}
              {c.onsetDate ? ` — ${c.onsetDate}` : ''}
              {c.source === 'patient' && (
                <RemoveButton
                  ctx={ctx}
                  action={`/portal/profile/conditions/${c.id}/remove`}
                  version={c.version}
                  label={t('patients.remove')}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <AddForm title={t('patients.condition_add_title')} open={failedIn(props, 'conditions') !== undefined}>
        <ConditionForm
          ctx={ctx}
          action="/portal/profile/conditions"
          errors={failedIn(props, 'conditions')?.errors}
          values={failedIn(props, 'conditions')?.values}
        />
      </AddForm>
    </Card>
  );
}

/** Allergies: the list, removing one, adding one. */
function AllergiesSection(props: PortalProfileProps) {
  const { ctx, patient: p } = props;
  const { t } = ctx;
  const activeAllergies = props.allergies.filter((a) => a.status !== 'entered-in-error');
  return (
    <Card title={t('patients.section_allergies')} id="allergies">
      {notice(props, 'allergies')}
      <p>
        <AllergyStatusBadge ctx={ctx} status={p.allergyStatus} />
      </p>
      {activeAllergies.length === 0 ? (
        <EmptyState title={t('patients.allergies_empty')} />
      ) : (
        <ul class="entry-list">
          {activeAllergies.map((a) => (
            <li>
              <strong>{a.substance}</strong>
              {a.reaction ? ` — ${a.reaction}` : ''}{' '}
              <Badge kind={a.severity === 'severe' ? 'danger' : 'neutral'}>{t(`patients.severity_${a.severity}`)}</Badge>{' '}
              <Badge kind={a.verification === 'confirmed' ? 'success' : 'info'}>{t(`patients.verification_${a.verification}`)}</Badge>{' '}
              {a.status !== 'active' && <Badge kind="neutral">{t(`patients.status_${a.status}`)}</Badge>}
              {a.source === 'patient' && (
                <RemoveButton
                  ctx={ctx}
                  action={`/portal/profile/allergies/${a.id}/remove`}
                  version={a.version}
                  label={t('patients.remove')}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <AddForm title={t('patients.allergy_add_title')} open={failedIn(props, 'allergies') !== undefined}>
        <AllergyForm
          ctx={ctx}
          action="/portal/profile/allergies"
          errors={failedIn(props, 'allergies')?.errors}
          values={failedIn(props, 'allergies')?.values}
        />
      </AddForm>
      {activeAllergies.every((a) => a.status !== 'active') && p.allergyStatus !== 'no_known_allergies' && (
        <Form ctx={ctx} action="/portal/profile/no-known-allergies" version={p.version}>
          <Button variant="secondary">{t('patients.no_known_allergies_action')}</Button>
        </Form>
      )}
    </Card>
  );
}

export function AllergyStatusBadge(props: { ctx: PageContext; status: PatientProfile['allergyStatus'] }) {
  const { t } = props.ctx;
  if (props.status === 'has_allergies') return <Badge kind="danger">{t('patients.allergy_status_has_allergies')}</Badge>;
  if (props.status === 'no_known_allergies') return <Badge kind="success">{t('patients.allergy_status_no_known_allergies')}</Badge>;
  return <Badge kind="warning">{t('patients.allergy_status_not_recorded')}</Badge>;
}
