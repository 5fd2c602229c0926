import type { FieldError } from '../../../platform/errors.js';
import { Alert, Badge, Button, Checkbox, Field, Form, LinkButton, SelectField, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { LabCatalogue, LabTestRow } from '../services/lab-catalogue.service.js';
import { LAB_PERFORMERS, LAB_RANGE_SEXES, LAB_SPECIMENS } from '../labs.vocabulary.js';
import type { ReleaseRule } from '../services/lab-release.js';
import { ReleaseRulesSection } from './lab-release-views.js';

/** Administration → Laboratory catalogue: every test with its unit, specimen and review mark. */
export function CataloguePage(props: {
  ctx: PageContext;
  catalogue: LabCatalogue;
  done?: boolean;
  release?: ReleaseRule[];
  releaseErrors?: FieldError[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('labs.catalogue_title')} wide>
      <PageHeader title={t('labs.catalogue_title')} subtitle={t('labs.catalogue_subtitle')} />
      {props.done && <Alert kind="success">{t('labs.done')}</Alert>}
      <Table
        caption={t('labs.catalogue_title')}
        rows={props.catalogue.tests}
        empty=""
        columns={[
          { header: t('labs.col_test'), cell: (x) => <a href={`/admin/lab-catalogue/${x.code}`}>{x.name}</a> },
          { header: t('labs.col_loinc'), cell: (x) => x.loinc },
          { header: t('labs.field_unit'), cell: (x) => x.unit ?? '—' },
          { header: t('labs.col_specimen'), cell: (x) => t(`labs.specimen_${x.specimen}`) },
          { header: t('labs.col_category'), cell: (x) => t(`labs.category_${x.category}`) },
          { header: t('labs.col_performed_by'), cell: (x) => t(`labs.performed_by_${x.performedBy}`) },
          {
            header: t('labs.col_review'),
            cell: (x) =>
              x.needsReview ? (
                <Badge kind="warning">{t('labs.needs_review')}</Badge>
              ) : (
                <Badge kind="success">{t('labs.reviewed_by_lab')}</Badge>
              ),
          },
          { header: t('labs.col_active'), cell: (x) => (x.active ? t('labs.yes') : t('labs.no')) },
        ]}
      />
      <Table
        caption={t('labs.panels_title')}
        rows={props.catalogue.panels}
        empty=""
        columns={[
          { header: t('labs.col_item'), cell: (p) => p.name },
          { header: t('labs.col_loinc'), cell: (p) => p.loinc },
          {
            header: t('labs.panel_tests'),
            cell: (p) => p.testCodes.map((c) => props.catalogue.tests.find((x) => x.code === c)?.name ?? c).join(', '),
          },
        ]}
      />
      {props.release && <ReleaseRulesSection ctx={ctx} rules={props.release} errors={props.releaseErrors} />}
      <p>{t('labs.loinc_notice')}</p>
    </Layout>
  );
}

const num = (v: number | null) => (v === null ? null : String(v));

/** One test's definition: unit, specimen, molar mass, and the ranges (one row each, plus an empty row to add one). */
export function CatalogueTestPage(props: { ctx: PageContext; test: LabTestRow; errors: FieldError[] }) {
  const { ctx, test } = props;
  const { t } = ctx;
  const rows = [
    ...test.ranges,
    { sex: 'any' as const, ageMin: 0, ageMax: null, low: null, high: null, criticalLow: null, criticalHigh: null },
  ];
  return (
    <Layout ctx={ctx} title={test.name} wide>
      <PageHeader
        title={test.name}
        subtitle={`${t('labs.col_loinc')} ${test.loinc}`}
        actions={<LinkButton href="/admin/lab-catalogue">{t('labs.catalogue_title')}</LinkButton>}
      />
      {props.errors.length > 0 && (
        <Alert kind="danger">
          {props.errors.map((e) => (
            <p>{e.message}</p>
          ))}
        </Alert>
      )}
      <Form ctx={ctx} action={`/admin/lab-catalogue/${test.code}`} version={test.version}>
        <Field name="name" label={t('labs.field_name')} value={test.name} errors={props.errors} required />
        <Field name="unit" label={t('labs.field_unit')} value={test.unit} errors={props.errors} hint={t('labs.ucum_hint')} />
        <SelectField
          name="specimen"
          label={t('labs.col_specimen')}
          options={LAB_SPECIMENS.map((s) => ({ value: s, label: t(`labs.specimen_${s}`) }))}
          value={test.specimen}
        />
        <SelectField
          name="performedBy"
          label={t('labs.col_performed_by')}
          options={LAB_PERFORMERS.map((p) => ({ value: p, label: t(`labs.performed_by_${p}`) }))}
          value={test.performedBy}
        />
        <p>{t('labs.performed_by_hint')}</p>
        <Field
          name="molarMass"
          label={t('labs.field_molar_mass')}
          value={num(test.molarMass)}
          errors={props.errors}
          hint={t('labs.molar_mass_hint')}
        />
        <Checkbox name="active" label={t('labs.col_active')} checked={test.active} />
        <Table
          caption={t('labs.ranges_title')}
          rows={rows.map((r, i) => ({ r, i }))}
          empty=""
          columns={[
            {
              header: t('labs.col_sex'),
              cell: ({ r, i }) => (
                <select name={`ranges.${i}.sex`} aria-label={t('labs.col_sex')}>
                  {LAB_RANGE_SEXES.map((s) => (
                    <option value={s} selected={r.sex === s}>
                      {t(`labs.sex_${s}`)}
                    </option>
                  ))}
                </select>
              ),
            },
            ...(['ageMin', 'ageMax', 'criticalLow', 'low', 'high', 'criticalHigh'] as const).map((key) => ({
              header: t(`labs.col_${key}`),
              cell: ({ r, i }: { r: (typeof rows)[number]; i: number }) => (
                <input
                  name={`ranges.${i}.${key}`}
                  value={num(r[key]) ?? ''}
                  inputMode="decimal"
                  size={6}
                  aria-label={t(`labs.col_${key}`)}
                />
              ),
            })),
          ]}
        />
        <p>{t('labs.ranges_hint')}</p>
        <Button>{t('labs.save')}</Button>
      </Form>
    </Layout>
  );
}
