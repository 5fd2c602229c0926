import type { FieldError } from '../../../platform/errors.js';
import { AddForm, Alert, Button, Card, Field, Form, TextArea } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { GuidelineRow } from '../decision-support.repository.js';
import { SourceCitation } from './review-status.js';

/** The guideline library: shipped summaries and the hospital's protocols; people who may add one see the form. */
export function GuidelinesPage(props: {
  ctx: PageContext;
  items: GuidelineRow[];
  canManage: boolean;
  errors?: FieldError[];
  values?: Record<string, unknown>;
  done?: boolean;
}) {
  const { ctx } = props;
  const { t } = ctx;
  const v = props.values ?? {};
  const str = (key: string) => (typeof v[key] === 'string' ? v[key] : undefined);
  return (
    <Layout ctx={ctx} title={t('decision_support.guidelines_title')} wide>
      <PageHeader
        title={t('decision_support.guidelines_title')}
        subtitle={t('decision_support.guidelines_subtitle')}
        actions={<a href="/staff/decision-support">{t('decision_support.kb_title')}</a>}
      />
      {props.done && <Alert kind="success">{t('decision_support.done_protocol')}</Alert>}
      {props.canManage && (
        <AddForm title={t('decision_support.add_protocol')} open={(props.errors ?? []).length > 0}>
          <Form ctx={ctx} action="/staff/decision-support/guidelines">
            <Field
              name="title"
              label={t('decision_support.field_title')}
              value={str('title')}
              errors={props.errors}
              required
              maxLength={200}
            />
            <TextArea name="summary" label={t('decision_support.field_summary')} value={str('summary')} errors={props.errors} rows={5} />
            <Field
              name="sourceTitle"
              label={t('decision_support.field_source_title')}
              hint={t('decision_support.field_source_title_hint')}
              value={str('sourceTitle')}
              errors={props.errors}
              required
              maxLength={400}
            />
            <Field
              name="sourceUrl"
              type="url"
              label={t('decision_support.field_source_url')}
              hint={t('decision_support.field_source_url_hint')}
              value={str('sourceUrl')}
              errors={props.errors}
              maxLength={500}
            />
            <Field
              name="icd10Prefixes"
              label={t('decision_support.field_icd10_prefixes')}
              hint={t('decision_support.field_icd10_prefixes_hint')}
              value={str('icd10Prefixes')}
              errors={props.errors}
              maxLength={400}
            />
            <Field
              name="loincCodes"
              label={t('decision_support.field_loinc_codes')}
              hint={t('decision_support.field_loinc_codes_hint')}
              value={str('loincCodes')}
              errors={props.errors}
              maxLength={400}
            />
            <Button variant="primary">{t('decision_support.add_protocol')}</Button>
          </Form>
        </AddForm>
      )}
      {props.items.map((g) => (
        <Card title={g.title}>
          <p class="hint">
            {g.origin === 'hospital' ? t('decision_support.origin_hospital') : t('decision_support.origin_shipped')} ·{' '}
            {t('decision_support.shown_for', { codes: [...g.icd10Prefixes, ...g.loincCodes].join(', ') })}
          </p>
          <p>{g.summary}</p>
          <SourceCitation ctx={ctx} source={{ title: g.sourceTitle, url: g.sourceUrl }} />
        </Card>
      ))}
    </Layout>
  );
}
