import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, LinkButton, SelectField } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { PatientBanner, type BannerAllergy, type BannerPatient } from '../../../../platform/views/patient-banner.js';
import { OUTSIDE_MEDICATION_SOURCES } from '../reconciliation.vocabulary.js';

/** Record a medicine the patient takes from outside: a formulary product, or a name with its catalogue ingredient (RxCUI). */
export function OutsideMedicineFormPage(props: {
  ctx: PageContext;
  now: Date;
  patient: BannerPatient & { id: string };
  allergies: BannerAllergy[] | null;
  products: { id: string; name: string }[];
  encounterId: string | null;
  values: Record<string, string | undefined>;
  errors: FieldError[];
  problem?: string;
}) {
  const { ctx, patient, values } = props;
  const { t } = ctx;
  const back = props.encounterId ? `/staff/encounters/${props.encounterId}/reconciliation` : `/staff/patients/${patient.id}/medicines`;
  const query = props.encounterId ? `?encounter=${props.encounterId}` : '';
  return (
    <Layout ctx={ctx} title={t('medrec.outside_title')}>
      <PatientBanner ctx={ctx} patient={patient} allergies={props.allergies} now={props.now} />
      <PageHeader title={t('medrec.outside_title')} actions={<LinkButton href={back}>{t('medrec.back')}</LinkButton>} />
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card>
        <p>{t('medrec.outside_intro')}</p>
        <Form ctx={ctx} action={`/staff/patients/${patient.id}/outside-medicines/new${query}`}>
          <SelectField
            name="productId"
            label={t('medrec.field_product')}
            includeBlank={t('medrec.field_product_none')}
            options={props.products.map((p) => ({ value: p.id, label: p.name }))}
            value={values.productId}
            errors={props.errors}
          />
          <Field
            name="name"
            label={t('medrec.field_name')}
            hint={t('medrec.field_name_hint')}
            value={values.name}
            errors={props.errors}
            maxLength={200}
          />
          <Field
            name="ingredientRxcui"
            label={t('medrec.field_rxcui')}
            hint={t('medrec.field_rxcui_hint')}
            value={values.ingredientRxcui}
            errors={props.errors}
            inputMode="numeric"
            pattern="[0-9]{1,10}"
          />
          <Field name="doseValue" type="number" step="any" label={t('medrec.field_dose')} value={values.doseValue} errors={props.errors} />
          <Field
            name="doseUnit"
            label={t('medrec.field_dose_unit')}
            hint={t('medrec.field_dose_unit_hint')}
            value={values.doseUnit}
            errors={props.errors}
          />
          <Field
            name="frequencyText"
            label={t('medrec.field_frequency')}
            value={values.frequencyText}
            errors={props.errors}
            maxLength={200}
          />
          <SelectField
            name="source"
            label={t('medrec.field_source')}
            options={OUTSIDE_MEDICATION_SOURCES.map((s) => ({ value: s, label: t(`medrec.source_${s}`) }))}
            value={values.source ?? 'patient_report'}
            errors={props.errors}
            required
          />
          <Field name="startedOn" type="date" label={t('medrec.field_started_on')} value={values.startedOn} errors={props.errors} />
          <Button>{t('medrec.save_outside')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
