import { STAFF_ROLES } from '../../../platform/auth/auth.tables.js';
import type { FieldError } from '../../../platform/errors.js';
import { Field, SelectField } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Department, Specialty } from '../../staff/index.js';

export interface StaffFormValues {
  email?: string;
  role?: string;
  givenName?: string;
  familyName?: string;
  title?: string | null;
  departmentId?: string | null;
  specialtyIds?: string[];
  languages?: string;
  nurseLead?: boolean;
  privacyOfficer?: boolean;
  dispatcher?: boolean;
}

/** Turns re-posted form values back into what the fields show. */
export function formValues(raw: Record<string, unknown>): StaffFormValues {
  const list = raw.specialtyIds;
  const str = (key: string) => (typeof raw[key] === 'string' ? raw[key] : undefined);
  return {
    email: str('email'),
    role: str('role'),
    givenName: str('givenName'),
    familyName: str('familyName'),
    title: str('title'),
    departmentId: str('departmentId'),
    specialtyIds: Array.isArray(list) ? (list as string[]) : typeof list === 'string' ? [list] : [],
    languages: str('languages'),
    nurseLead: raw.nurseLead === 'true',
    privacyOfficer: raw.privacyOfficer === 'true',
    dispatcher: raw.dispatcher === 'true',
  };
}

/** The fields an administrator fills for a staff member; the invite and edit forms share them. */
export function StaffFields(props: {
  ctx: PageContext;
  values: StaffFormValues;
  errors: FieldError[];
  departments: Department[];
  specialties: Specialty[];
  withEmail: boolean;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  const specialtyError = errors.find((e) => e.path.startsWith('specialtyIds'))?.message;
  return (
    <>
      {props.withEmail && (
        <Field
          name="email"
          type="email"
          label={t('admin.field_email')}
          value={values.email}
          errors={errors}
          required
          autocomplete="off"
          maxLength={254}
        />
      )}
      <Field name="givenName" label={t('admin.field_given_name')} value={values.givenName} errors={errors} required maxLength={100} />
      <Field name="familyName" label={t('admin.field_family_name')} value={values.familyName} errors={errors} required maxLength={100} />
      <Field
        name="title"
        label={t('admin.field_title')}
        hint={t('admin.field_title_hint')}
        value={values.title}
        errors={errors}
        maxLength={100}
      />
      <SelectField
        name="role"
        label={t('admin.field_role')}
        value={values.role}
        errors={errors}
        required
        options={STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.role_${r}`) }))}
      />
      <fieldset class="field">
        <legend>{t('admin.field_flags')}</legend>
        <div class="field field--checkbox">
          <input type="checkbox" id="f-nurseLead" name="nurseLead" value="true" checked={values.nurseLead} />
          <label for="f-nurseLead">{t('admin.flag_nurse_lead')}</label>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="f-privacyOfficer" name="privacyOfficer" value="true" checked={values.privacyOfficer} />
          <label for="f-privacyOfficer">{t('admin.flag_privacy_officer')}</label>
        </div>
        <div class="field field--checkbox">
          <input type="checkbox" id="f-dispatcher" name="dispatcher" value="true" checked={values.dispatcher} />
          <label for="f-dispatcher">{t('admin.flag_dispatcher')}</label>
        </div>
      </fieldset>
      <SelectField
        name="departmentId"
        label={t('admin.field_department')}
        includeBlank={t('admin.no_department')}
        value={values.departmentId}
        errors={errors}
        options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
      />
      {props.specialties.length > 0 && (
        <fieldset class={`field${specialtyError ? ' field--invalid' : ''}`}>
          <legend>{t('admin.field_specialties')}</legend>
          {props.specialties.map((s) => (
            <div class="field field--checkbox">
              <input
                type="checkbox"
                id={`f-specialty-${s.id}`}
                name="specialtyIds"
                value={s.id}
                checked={values.specialtyIds?.includes(s.id)}
              />
              <label for={`f-specialty-${s.id}`}>{s.name}</label>
            </div>
          ))}
          {specialtyError && <p class="field-error">{specialtyError}</p>}
        </fieldset>
      )}
      <Field
        name="languages"
        label={t('admin.field_languages')}
        hint={t('admin.field_languages_hint')}
        value={values.languages}
        errors={errors}
        maxLength={200}
      />
    </>
  );
}
