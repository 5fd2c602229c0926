import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Field, Form, SelectField, TextArea } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { PatientBanner, type BannerPatient } from '../../../platform/views/patient-banner.js';
import { fullName } from '../../../platform/views/format.js';
import type { Problem } from '../../records/index.js';
import type { ProductDto } from '../medications.schemas.js';
import { ROUTES } from '../medications.vocabulary.js';
import { FREQUENCY_KINDS } from '../prescriptions.vocabulary.js';
import { formatStrength } from './format.js';

/** The posted (or initial) values of the new-prescription form, as strings. */
export type PrescriptionFormValues = Record<string, string | undefined>;

/**
 * New prescription: search the formulary (a GET form), choose a product from the results, then
 * dose, route, frequency, timing, quantity, refills, indication and instructions. Times are in the
 * viewer's time zone (named). Saving makes a draft; its page shows the checks before signing.
 */
export function PrescriptionFormPage(props: {
  ctx: PageContext;
  now: Date;
  patient: BannerPatient & { id: string };
  problems: Problem[];
  query?: string;
  products: ProductDto[];
  values: PrescriptionFormValues;
  errors: FieldError[];
  searchError?: string;
  /** A change of a signed prescription (reconciliation's "change"): the draft replaces it. */
  replaces?: string;
  /** Prescribed from this encounter (its page's "Prescribe"). */
  encounterId?: string;
}) {
  const { ctx, patient, values, errors } = props;
  const { t } = ctx;
  const action = `/staff/patients/${patient.id}/medicines/new`;
  const opt = (keys: readonly string[], prefix: string) => keys.map((k) => ({ value: k, label: t(`${prefix}${k}`) }));
  const formError = errors.find((e) => e.path === '(form)' || e.path === 'productId');
  return (
    <Layout ctx={ctx} title={t('medications.new_prescription')}>
      <PatientBanner ctx={ctx} patient={patient} allergies={null} now={props.now} />
      <PageHeader title={t('medications.new_prescription')} subtitle={fullName(patient)} />
      <Form ctx={ctx} action={action} method="get" class="form form--filters">
        <Field
          name="query"
          type="search"
          label={t('medications.rx_search_label')}
          hint={t('medications.search_hint')}
          value={props.query}
          errors={props.searchError ? [{ path: 'query', message: props.searchError }] : []}
          maxLength={100}
        />
        {props.replaces && <input type="hidden" name="replaces" value={props.replaces} />}
        {props.encounterId && <input type="hidden" name="encounter" value={props.encounterId} />}
        <Button variant="secondary">{t('medications.search_submit')}</Button>
      </Form>
      {formError && <Alert kind="danger">{formError.message}</Alert>}
      <Form ctx={ctx} action={action}>
        {props.replaces && <input type="hidden" name="replaces" value={props.replaces} />}
        {props.encounterId && <input type="hidden" name="encounterId" value={props.encounterId} />}
        <ProductChoice ctx={ctx} products={props.products} chosen={values.productId} />
        <Field
          name="doseValue"
          type="number"
          step="any"
          label={t('medications.field_dose_value')}
          value={values.doseValue}
          errors={errors}
          required
        />
        <Field
          name="doseUnit"
          label={t('medications.field_dose_unit')}
          hint={t('medications.dose_unit_hint')}
          value={values.doseUnit}
          errors={errors}
          required
        />
        <SelectField
          name="route"
          label={t('medications.field_route')}
          includeBlank={t('medications.route_of_product')}
          options={opt(ROUTES, 'medications.route_')}
          value={values.route}
          errors={errors}
        />
        <FrequencyAndTiming ctx={ctx} values={values} errors={errors} />
        <Field
          name="quantityValue"
          type="number"
          step="any"
          label={t('medications.field_quantity')}
          value={values.quantityValue}
          errors={errors}
        />
        <Field
          name="quantityUnit"
          label={t('medications.field_quantity_unit')}
          hint={t('medications.dose_unit_hint')}
          value={values.quantityUnit}
          errors={errors}
        />
        <Field name="refills" type="number" label={t('medications.field_refills')} value={values.refills ?? '0'} errors={errors} />
        <SelectField
          name="indicationId"
          label={t('medications.field_indication')}
          includeBlank={t('medications.indication_none')}
          options={props.problems.map((p) => ({ value: p.id, label: p.code ? `${p.description} (${p.code})` : p.description }))}
          value={values.indicationId}
          errors={errors}
        />
        <TextArea name="instructions" label={t('medications.field_instructions')} value={values.instructions} errors={errors} />
        <Button>{t('medications.save_draft')}</Button>
      </Form>
    </Layout>
  );
}

/** Frequency (one kind and its number or times) and timing (start, duration or end, in the viewer's zone). */
function FrequencyAndTiming(props: { ctx: PageContext; values: PrescriptionFormValues; errors: FieldError[] }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <>
      <SelectField
        name="frequencyKind"
        label={t('medications.field_frequency')}
        options={FREQUENCY_KINDS.map((k) => ({ value: k, label: t(`medications.freq_kind_${k}`) }))}
        value={values.frequencyKind}
        errors={errors}
        required
      />
      <Field name="times" type="number" label={t('medications.field_times_a_day')} value={values.times} errors={errors} />
      <Field name="hours" type="number" label={t('medications.field_every_hours')} value={values.hours} errors={errors} />
      <Field
        name="atTimes"
        label={t('medications.field_at_times')}
        hint={t('medications.at_times_hint')}
        value={values.atTimes}
        errors={errors}
      />
      <Field name="maxPerDay" type="number" label={t('medications.field_max_per_day')} value={values.maxPerDay} errors={errors} />
      <Field
        name="startsAt"
        type="datetime-local"
        label={t('medications.field_starts_at_zone', { zone: ctx.timeZone })}
        value={values.startsAt}
        errors={errors}
        required
      />
      <Field name="durationDays" type="number" label={t('medications.field_duration_days')} value={values.durationDays} errors={errors} />
      <Field
        name="endsAt"
        type="datetime-local"
        label={t('medications.field_ends_at_zone', { zone: ctx.timeZone })}
        value={values.endsAt}
        errors={errors}
      />
    </>
  );
}

/** The products the search found, one to choose. */
function ProductChoice(props: { ctx: PageContext; products: ProductDto[]; chosen?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  const values = { productId: props.chosen };
  return (
    <fieldset class="field">
      <legend>{t('medications.field_product')}</legend>
      {props.products.length === 0 && <p class="hint">{t('medications.rx_search_first')}</p>}
      {props.products.map((p) => (
        <div class="field field--checkbox">
          <input type="radio" id={`product-${p.id}`} name="productId" value={p.id} checked={values.productId === p.id} required />
          <label for={`product-${p.id}`}>
            {p.name} ({p.ingredients.map((i) => `${i.name} ${formatStrength(ctx, i.strength)}`).join(' + ')})
          </label>
        </div>
      ))}
    </fieldset>
  );
}
