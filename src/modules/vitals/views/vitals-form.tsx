import type { FieldError } from '../../../platform/errors.js';
import { Button, Checkbox, Field, Form, SelectField } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ACVPU } from '../news2.js';

/** The staff entry fields in round order (the NEWS2 parameters first, as on the RCP chart). */
export const STAFF_FIELDS = [
  'respiratoryRate',
  'spo2',
  'oxygenFlow',
  'systolicBp',
  'diastolicBp',
  'pulse',
  'temperature',
  'glucose',
  'weight',
  'height',
  'pain',
] as const;
/** What a patient records at home. */
export const HOME_FIELDS = ['systolicBp', 'diastolicBp', 'pulse', 'spo2', 'temperature', 'glucose', 'weight', 'height', 'pain'] as const;

export interface VitalsFormFailure {
  status: number;
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);

/**
 * One set's entry form, keyboard-first: numeric fields in round order, the first focused, Tab moves
 * on, Enter saves. An unusual value comes back marked with a box to confirm it (422 from the service).
 */
export function VitalsEntryForm(props: {
  ctx: PageContext;
  action: string;
  fields: readonly string[];
  staff: boolean;
  failure?: VitalsFormFailure;
  nextLabel?: boolean;
}) {
  const { ctx, failure } = props;
  const { t } = ctx;
  const values = failure?.values ?? {};
  const needsConfirm = failure?.status === 422 && failure.errors.length > 0;
  const numeric = (name: string, index: number) => (
    <Field
      type="number"
      step="any"
      inputMode="numeric"
      name={name}
      label={t(`vitals.field_${name}`)}
      value={str(values[name])}
      errors={failure?.errors}
      autofocus={index === 0}
    />
  );
  return (
    <Form ctx={ctx} action={props.action} class="form vitals-form">
      <p class="hint">{t('vitals.enter_hint')}</p>
      {needsConfirm && <p class="field-error">{t('vitals.confirm_needed')}</p>}
      <div class="vitals-grid">
        {props.fields.slice(0, 2).map(numeric)}
        {props.staff && (
          <SelectField
            name="onOxygen"
            label={t('vitals.field_onOxygen')}
            includeBlank={t('vitals.not_recorded')}
            value={str(values.onOxygen)}
            errors={failure?.errors}
            options={[
              { value: 'air', label: t('vitals.air') },
              { value: 'oxygen', label: t('vitals.oxygen') },
            ]}
          />
        )}
        {props.fields.slice(2).map((f, i) => numeric(f, i + 2))}
        {props.staff && (
          <SelectField
            name="consciousness"
            label={t('vitals.field_consciousness')}
            includeBlank={t('vitals.not_recorded')}
            value={str(values.consciousness)}
            errors={failure?.errors}
            options={ACVPU.map((v) => ({ value: v, label: t(`vitals.acvpu_${v}`) }))}
          />
        )}
      </div>
      {needsConfirm && <Checkbox name="confirmImplausible" value="true" label={t('vitals.confirm_implausible')} />}
      <Button type="submit">{props.nextLabel ? t('vitals.save_next') : t('vitals.save')}</Button>
    </Form>
  );
}
