import type { FieldError } from '../../../platform/errors.js';
import { Button, Field, Form, SelectField, TextArea } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Icon } from '../../../platform/views/icons.js';

/**
 * The add-forms for the collections, shared by the portal and the staff chart. Field names are
 * unique on a page (contact fields carry a prefix) so every label points at one input.
 */
type FormProps = { ctx: PageContext; action: string; errors?: FieldError[]; values?: Record<string, unknown> };
const v = (values: Record<string, unknown> | undefined, name: string) => (values?.[name] as string | undefined) ?? null;

/** Free text works without JavaScript; with htmx, matching names from the reference list are offered. */
function SubstanceField(props: { ctx: PageContext; errors?: FieldError[]; value: string | null }) {
  const { t } = props.ctx;
  const error = props.errors?.find((e) => e.path === 'substance' || e.path === 'rxcui')?.message;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for="f-substance">{t('patients.allergy_substance')}</label>
      <p class="hint" id="f-substance-hint">
        {t('patients.allergy_substance_hint')}
      </p>
      <input
        id="f-substance"
        name="substance"
        type="text"
        required
        maxLength={200}
        autocomplete="off"
        list="substance-options"
        value={props.value ?? undefined}
        aria-describedby={error ? 'f-substance-hint f-substance-error' : 'f-substance-hint'}
        aria-invalid={error ? 'true' : undefined}
        hx-get="/reference/allergy-substances/options"
        hx-trigger="input changed delay:250ms"
        hx-target="#substance-options"
        hx-swap="innerHTML"
      />
      <datalist id="substance-options"></datalist>
      {error && (
        <p class="field-error" id="f-substance-error">
          <Icon name="circle-alert" />
          {error}
        </p>
      )}
    </div>
  );
}

export function AllergyForm(props: FormProps) {
  const { t } = props.ctx;
  return (
    <Form ctx={props.ctx} action={props.action}>
      <SubstanceField ctx={props.ctx} errors={props.errors} value={v(props.values, 'substance')} />
      <Field
        name="reaction"
        label={t('patients.allergy_reaction')}
        hint={t('patients.allergy_reaction_hint')}
        errors={props.errors}
        value={v(props.values, 'reaction')}
        maxLength={500}
      />
      <SelectField
        name="severity"
        label={t('patients.allergy_severity')}
        value={v(props.values, 'severity') ?? 'unknown'}
        errors={props.errors}
        options={['mild', 'moderate', 'severe', 'unknown'].map((s) => ({ value: s, label: t(`patients.severity_${s}`) }))}
      />
      <Button>{t('patients.allergy_add')}</Button>
    </Form>
  );
}

export function ConditionForm(props: FormProps) {
  const { t } = props.ctx;
  return (
    <Form ctx={props.ctx} action={props.action}>
      <SelectField
        name="category"
        label={t('patients.condition_category')}
        value={v(props.values, 'category') ?? 'condition'}
        errors={props.errors}
        options={['condition', 'surgery', 'family_history'].map((c) => ({ value: c, label: t(`patients.category_${c}`) }))}
      />
      <Field
        name="description"
        label={t('patients.condition_description')}
        required
        maxLength={500}
        errors={props.errors}
        value={v(props.values, 'description')}
      />
      <Field
        name="onsetDate"
        type="date"
        label={t('patients.condition_onset')}
        errors={props.errors}
        value={v(props.values, 'onsetDate')}
      />
      <Field
        name="relationship"
        label={t('patients.condition_relationship')}
        hint={t('patients.condition_relationship_hint')}
        errors={props.errors}
        value={v(props.values, 'relationship')}
      />
      {props.ctx.actor?.role !== 'patient' && (
        <Field
          name="icd10Code"
          label={t('patients.condition_icd10')}
          hint={t('patients.condition_icd10_hint')}
          errors={props.errors}
          value={v(props.values, 'icd10Code')}
        />
      )}
      <Button>{t('patients.condition_add')}</Button>
    </Form>
  );
}

export function ContactForm(props: FormProps) {
  const { t } = props.ctx;
  return (
    <Form ctx={props.ctx} action={props.action}>
      <Field
        name="contactName"
        label={t('patients.contact_name')}
        required
        errors={props.errors}
        value={v(props.values, 'contactName')}
        autocomplete="off"
      />
      <Field
        name="contactRelationship"
        label={t('patients.contact_relationship')}
        required
        errors={props.errors}
        value={v(props.values, 'contactRelationship')}
      />
      <Field
        name="contactPhone"
        type="tel"
        label={t('patients.contact_phone')}
        required
        errors={props.errors}
        value={v(props.values, 'contactPhone')}
        autocomplete="off"
      />
      <Field
        name="contactEmail"
        type="email"
        label={t('patients.contact_email')}
        errors={props.errors}
        value={v(props.values, 'contactEmail')}
        autocomplete="off"
      />
      <Button>{t('patients.contact_add')}</Button>
    </Form>
  );
}

export function PolicyForm(props: FormProps) {
  const { t } = props.ctx;
  return (
    <Form ctx={props.ctx} action={props.action}>
      <Field name="payer" label={t('patients.policy_payer')} required errors={props.errors} value={v(props.values, 'payer')} />
      <Field
        name="memberNumber"
        label={t('patients.policy_member_number')}
        required
        errors={props.errors}
        value={v(props.values, 'memberNumber')}
      />
      <Field name="groupNumber" label={t('patients.policy_group_number')} errors={props.errors} value={v(props.values, 'groupNumber')} />
      <Field name="planName" label={t('patients.policy_plan')} errors={props.errors} value={v(props.values, 'planName')} />
      <Field
        name="validFrom"
        type="date"
        label={t('patients.policy_valid_from')}
        errors={props.errors}
        value={v(props.values, 'validFrom')}
      />
      <Field name="validTo" type="date" label={t('patients.policy_valid_to')} errors={props.errors} value={v(props.values, 'validTo')} />
      <Button>{t('patients.policy_add')}</Button>
    </Form>
  );
}

export function HealthStatusField(props: { ctx: PageContext; value: string | null; errors?: FieldError[] }) {
  return <TextArea name="healthStatus" label={props.ctx.t('patients.health_status')} value={props.value} errors={props.errors} rows={3} />;
}

/** A one-button form that removes an entry (after a confirmation when JavaScript runs). */
export function RemoveButton(props: { ctx: PageContext; action: string; version: number; label: string }) {
  return (
    <Form
      ctx={props.ctx}
      action={props.action}
      version={props.version}
      class="inline-form"
      confirm={props.ctx.t('patients.confirm_remove')}
    >
      <Button variant="secondary">{props.label}</Button>
    </Form>
  );
}
