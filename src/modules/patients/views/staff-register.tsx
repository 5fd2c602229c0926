import type { FieldError } from '../../../platform/errors.js';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  SelectField,
  Table,
} from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { DuplicateCandidate, PatientProfile } from '../patients.schemas.js';

export interface RegisterFormState {
  values: Record<string, unknown>;
  errors: FieldError[];
  candidates?: DuplicateCandidate[];
  message?: string;
}

/** Register a walk-in; a possible duplicate shows the candidates and a "register anyway" box. */
export function StaffRegisterPage(props: { ctx: PageContext; state: RegisterFormState }) {
  const { ctx, state } = props;
  const { t } = ctx;
  const v = (name: string) => (state.values[name] as string | undefined) ?? null;
  return (
    <Layout ctx={ctx} title={t('patients.register_title')}>
      <PageHeader title={t('patients.register_title')} subtitle={t('patients.register_intro')} />
      {state.errors.length > 0 && <Alert kind="danger" title={t('patients.form_has_errors')} />}
      {state.candidates && state.candidates.length > 0 && (
        <Alert kind="warning" title={t('patients.duplicate_title')}>
          <p>{t('patients.duplicate_text')}</p>
          <Table
            caption={t('patients.duplicate_title')}
            empty=""
            rows={state.candidates}
            columns={[
              { header: t('patients.name'), cell: (c) => <a href={`/staff/patients/${c.id}`}>{c.name}</a> },
              { header: t('patients.mrn'), cell: (c) => c.mrn },
              { header: t('patients.birth_date'), cell: (c) => c.birthDate },
            ]}
          />
        </Alert>
      )}
      {state.message && !state.candidates && <Alert kind="danger">{state.message}</Alert>}
      <Form ctx={ctx} action="/staff/patients/new">
        <Field name="givenName" label={t('patients.given_name')} required value={v('givenName')} errors={state.errors} autocomplete="off" />
        <Field
          name="familyName"
          label={t('patients.family_name')}
          required
          value={v('familyName')}
          errors={state.errors}
          autocomplete="off"
        />
        <Field name="birthDate" type="date" label={t('patients.birth_date')} required value={v('birthDate')} errors={state.errors} />
        <SelectField
          name="sex"
          label={t('patients.sex')}
          includeBlank={t('patients.not_given')}
          value={v('sex')}
          errors={state.errors}
          options={['female', 'male', 'other', 'unknown'].map((s) => ({ value: s, label: t(`patients.sex_${s}`) }))}
        />
        <Field name="phone" type="tel" label={t('patients.phone')} value={v('phone')} errors={state.errors} autocomplete="off" />
        <Field name="email" type="email" label={t('patients.email')} value={v('email')} errors={state.errors} autocomplete="off" />
        <Field name="addressLine1" label={t('patients.address_line1')} value={v('addressLine1')} errors={state.errors} autocomplete="off" />
        <Field name="city" label={t('patients.city')} value={v('city')} errors={state.errors} autocomplete="off" />
        <Field name="postalCode" label={t('patients.postal_code')} value={v('postalCode')} errors={state.errors} autocomplete="off" />
        <Field name="country" label={t('patients.country')} value={v('country')} errors={state.errors} autocomplete="off" />
        <Field
          name="preferredLanguage"
          label={t('patients.preferred_language')}
          hint={t('patients.preferred_language_hint')}
          value={v('preferredLanguage')}
          errors={state.errors}
        />
        {state.candidates && state.candidates.length > 0 && <Checkbox name="confirmNotDuplicate" label={t('patients.register_anyway')} />}
        <Button>{t('patients.register_submit')}</Button>
      </Form>
    </Layout>
  );
}

/** After registration: the link code to print for the patient, shown once. */
export function StaffRegisteredPage(props: { ctx: PageContext; patient: PatientProfile; linkCode: string }) {
  const { ctx, patient } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('patients.registered_title')}>
      <PageHeader title={t('patients.registered_title')} />
      <Alert kind="success">{t('patients.registered_text', { mrn: patient.mrn })}</Alert>
      <Card title={t('patients.link_code_title')}>
        <p>{t('patients.link_code_text')}</p>
        <p class="link-code">
          <strong>{props.linkCode}</strong>
        </p>
        <DescriptionList
          items={[
            [t('patients.name'), `${patient.givenName} ${patient.familyName}`],
            [t('patients.mrn'), patient.mrn],
            [t('patients.birth_date'), patient.birthDate],
          ]}
        />
      </Card>
      <LinkButton href={`/staff/patients/${patient.id}`} variant="primary">
        {t('patients.open_chart')}
      </LinkButton>
    </Layout>
  );
}
