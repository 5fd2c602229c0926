import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Checkbox, DescriptionList, Field, Form, LinkButton, SelectField } from '../../../platform/views/components.js';
import { formatDate } from '../../../platform/i18n/i18n.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ProductDto } from '../medications.schemas.js';
import { DOSE_FORMS, MAX_INGREDIENTS, PRODUCT_TAGS, ROUTES, STRENGTH_UNITS } from '../medications.vocabulary.js';
import { unitLabel } from './format.js';

export interface ProductFormValues {
  name?: string;
  doseForm?: string;
  route?: string;
  onFormulary: boolean;
  tags: string[];
  rows: { ingredient?: string; strength?: string; unit?: string }[];
}

/** What the fields show for a product being edited. */
export function productFormValuesOf(product: ProductDto): ProductFormValues {
  return {
    name: product.name,
    doseForm: product.doseForm,
    route: product.route,
    onFormulary: product.onFormulary,
    tags: product.tags,
    rows: product.ingredients.map((i) => ({
      ingredient: `${i.name} (${i.rxcui})`,
      strength: String(i.strength.value),
      unit: i.strength.unit,
    })),
  };
}

/** Turns re-posted form values back into what the fields show. */
export function productFormValuesFromPost(raw: Record<string, unknown>): ProductFormValues {
  const str = (key: string) => (typeof raw[key] === 'string' ? raw[key] : undefined);
  const tags = raw.tags;
  return {
    name: str('name'),
    doseForm: str('doseForm'),
    route: str('route'),
    onFormulary: raw.onFormulary === 'true',
    tags: Array.isArray(tags) ? (tags as string[]) : typeof tags === 'string' ? [tags] : [],
    rows: Array.from({ length: MAX_INGREDIENTS }, (_, i) => ({
      ingredient: str(`ingredient${i}`),
      strength: str(`strength${i}`),
      unit: str(`unit${i}`),
    })),
  };
}

function ProductFields(props: { ctx: PageContext; values: ProductFormValues; errors: FieldError[] }) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <>
      <Field
        name="name"
        label={t('medications.field_name')}
        hint={t('medications.field_name_hint')}
        value={values.name}
        errors={errors}
        required
        maxLength={200}
      />
      <fieldset class="field">
        <legend>{t('medications.field_ingredients')}</legend>
        <p class="hint">
          {t('medications.field_ingredients_hint')} <a href="/staff/formulary/ingredients">{t('medications.lookup_link')}</a>
        </p>
        {Array.from({ length: MAX_INGREDIENTS }, (_, i) => {
          const row = values.rows[i] ?? {};
          return (
            <div class="form-row">
              <Field
                name={`ingredient${i}`}
                label={t('medications.field_ingredient', { n: i + 1 })}
                value={row.ingredient}
                errors={errors}
                required={i === 0}
                maxLength={200}
              />
              <Field
                name={`strength${i}`}
                type="number"
                step="any"
                label={t('medications.field_strength')}
                value={row.strength}
                errors={errors}
                required={i === 0}
              />
              <SelectField
                name={`unit${i}`}
                label={t('medications.field_unit')}
                includeBlank=""
                value={row.unit}
                errors={errors}
                options={STRENGTH_UNITS.map((u) => ({ value: u, label: unitLabel(ctx, u) }))}
              />
            </div>
          );
        })}
      </fieldset>
      <SelectField
        name="doseForm"
        label={t('medications.field_dose_form')}
        value={values.doseForm}
        errors={errors}
        required
        includeBlank=""
        options={DOSE_FORMS.map((f) => ({ value: f, label: t(`medications.dose_form_${f}`) }))}
      />
      <SelectField
        name="route"
        label={t('medications.field_route')}
        value={values.route}
        errors={errors}
        required
        includeBlank=""
        options={ROUTES.map((r) => ({ value: r, label: t(`medications.route_${r}`) }))}
      />
      <Checkbox name="onFormulary" label={t('medications.field_on_formulary')} checked={values.onFormulary} />
      <fieldset class="field">
        <legend>{t('medications.field_tags')}</legend>
        <p class="hint">{t('medications.field_tags_hint')}</p>
        {PRODUCT_TAGS.map((tag) => (
          <div class="field field--checkbox">
            <input type="checkbox" id={`f-tag-${tag}`} name="tags" value={tag} checked={values.tags.includes(tag)} />
            <label for={`f-tag-${tag}`}>{t(`medications.tag_${tag}`)}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}

/** The new-product form, and the edit form of an existing product (with its version and history line). */
export function ProductFormPage(props: {
  ctx: PageContext;
  product?: ProductDto;
  values: ProductFormValues;
  errors: FieldError[];
  problem?: string;
  done?: 'created' | 'saved';
}) {
  const { ctx, product } = props;
  const { t } = ctx;
  const title = product ? product.name : t('medications.new_product_title');
  return (
    <Layout ctx={ctx} title={title}>
      <PageHeader title={title} subtitle={product ? t('medications.edit_product_subtitle') : t('medications.new_product_subtitle')} />
      {props.done && <Alert kind="success" title={t(`medications.done_${props.done}`)} />}
      {props.errors.length > 0 && (
        <Alert kind="danger" title={t('medications.form_has_errors')}>
          {props.problem}
        </Alert>
      )}
      {product && (
        <DescriptionList
          items={[
            [t('medications.field_version'), String(product.version)],
            [t('medications.field_updated'), formatDate(ctx.locale, product.updatedAt, ctx.timeZone, true)],
          ]}
        />
      )}
      <Form ctx={ctx} action={product ? `/staff/formulary/${product.id}` : '/staff/formulary/new'} version={product?.version}>
        <ProductFields ctx={ctx} values={props.values} errors={props.errors} />
        <div class="form-actions">
          <Button>{product ? t('medications.save') : t('medications.create')}</Button>
          <LinkButton href="/staff/formulary">{t('medications.back_to_formulary')}</LinkButton>
        </div>
      </Form>
    </Layout>
  );
}
