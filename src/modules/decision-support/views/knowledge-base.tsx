import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, DescriptionList, Field, Form, SelectField, Table, TextArea } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { KbFinding } from '../decision-support.schemas.js';
import type { ConditionEntry, ConditionSummary } from '../services/knowledge-base.service.js';
import { ReviewStatusChip, SourceCitation } from './review-status.js';

function describeFinding(f: KbFinding): string {
  switch (f.kind) {
    case 'symptom':
      return `${f.label} (${f.terms.join(', ')})`;
    case 'observation':
      return `${f.label} (LOINC ${f.loinc} ${f.comparator} ${f.value} ${f.unit})`;
    case 'diagnosis':
      return `${f.label} (ICD-10 ${f.icd10Prefix}…)`;
  }
}

/** The knowledge base: every entry by name with how it stands; each opens to read, edit or approve. */
export function KnowledgeBaseListPage(props: { ctx: PageContext; items: ConditionSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const unreviewed = props.items.filter((c) => c.reviewStatus === 'unreviewed').length;
  return (
    <Layout ctx={ctx} title={t('decision_support.kb_title')} wide>
      <PageHeader
        title={t('decision_support.kb_title')}
        subtitle={t('decision_support.kb_subtitle', { count: props.items.length, unreviewed })}
        actions={<a href="/staff/decision-support/guidelines">{t('decision_support.guidelines_title')}</a>}
      />
      <Table
        caption={t('decision_support.kb_title')}
        rows={props.items}
        empty={t('decision_support.kb_empty')}
        columns={[
          { header: t('decision_support.col_condition'), cell: (c) => <a href={`/staff/decision-support/conditions/${c.id}`}>{c.name}</a> },
          { header: t('decision_support.col_icd10'), cell: (c) => c.icd10Code ?? '—' },
          { header: t('decision_support.col_findings'), cell: (c) => String(c.findingCount) },
          {
            header: t('decision_support.col_status'),
            cell: (c) => <ReviewStatusChip ctx={ctx} status={c.reviewStatus} approvedBy={c.approvedByEmail} approvedAt={c.approvedAt} />,
          },
          {
            header: t('decision_support.col_offered'),
            cell: (c) => (c.active ? t('decision_support.offered_yes') : t('decision_support.offered_no')),
          },
        ]}
      />
    </Layout>
  );
}

export interface ConditionPageOptions {
  canManage: boolean;
  canApprove: boolean;
  errors?: FieldError[];
  values?: Record<string, unknown>;
  message?: string;
  done?: 'saved' | 'approved';
}

/** One entry: what raises it, what tells it apart, its source; the edit form and the doctor's approval. */
export function ConditionPage(props: { ctx: PageContext; entry: ConditionEntry; options: ConditionPageOptions }) {
  const { ctx, entry, options } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={entry.name} wide>
      <PageHeader
        title={entry.name}
        subtitle={
          <ReviewStatusChip ctx={ctx} status={entry.reviewStatus} approvedBy={entry.approvedByEmail} approvedAt={entry.approvedAt} />
        }
        actions={<a href="/staff/decision-support">{t('decision_support.kb_back')}</a>}
      />
      {options.done && <Alert kind="success">{t(`decision_support.done_${options.done}`)}</Alert>}
      {options.message && <Alert kind="danger">{options.message}</Alert>}
      {entry.reviewStatus === 'unreviewed' && <Alert kind="warning">{t('decision_support.unreviewed_explained')}</Alert>}
      <Card title={t('decision_support.entry_details')}>
        <p>{entry.summary}</p>
        <DescriptionList
          items={[
            [t('decision_support.col_icd10'), entry.icd10Code ?? '—'],
            [
              t('decision_support.findings_heading'),
              <ul>
                {entry.findings.map((f) => (
                  <li>
                    {describeFinding(f)} — {t('decision_support.weight', { weight: f.weight })}
                  </li>
                ))}
              </ul>,
            ],
            [
              t('decision_support.to_tell_apart'),
              <ul>
                {entry.discriminators.map((d) => (
                  <li>
                    {d.label}
                    {d.loinc && ` (${t('decision_support.loinc', { code: d.loinc })})`}
                  </li>
                ))}
              </ul>,
            ],
          ]}
        />
        <SourceCitation ctx={ctx} source={{ title: entry.sourceTitle, url: entry.sourceUrl }} />
      </Card>
      {options.canApprove && entry.reviewStatus !== 'approved' && (
        <Card title={t('decision_support.approve_heading')}>
          <Form
            ctx={ctx}
            action={`/staff/decision-support/conditions/${entry.id}/approve`}
            version={entry.version}
            confirm={t('decision_support.approve_confirm')}
          >
            <p class="hint">{t('decision_support.approve_hint')}</p>
            <Button variant="primary">{t('decision_support.approve')}</Button>
          </Form>
        </Card>
      )}
      {options.canManage && <ConditionEditForm ctx={ctx} entry={entry} options={options} />}
    </Layout>
  );
}

/** The edit form of an entry (people with `decision-support.manage`). */
function ConditionEditForm(props: { ctx: PageContext; entry: ConditionEntry; options: ConditionPageOptions }) {
  const { ctx, entry, options } = props;
  const { t } = ctx;
  const v = options.values ?? {};
  const str = (key: string, fallback: string) => (typeof v[key] === 'string' ? v[key] : fallback);
  return (
    <Card title={t('decision_support.edit_heading')} id="edit">
      <Form ctx={ctx} action={`/staff/decision-support/conditions/${entry.id}`} version={entry.version}>
        <p class="hint">{t('decision_support.edit_hint')}</p>
        <Field
          name="name"
          label={t('decision_support.field_name')}
          value={str('name', entry.name)}
          errors={options.errors}
          required
          maxLength={160}
        />
        <TextArea
          name="summary"
          label={t('decision_support.field_summary')}
          value={str('summary', entry.summary)}
          errors={options.errors}
          rows={3}
        />
        <Field
          name="sourceTitle"
          label={t('decision_support.field_source_title')}
          value={str('sourceTitle', entry.sourceTitle)}
          errors={options.errors}
          required
          maxLength={400}
        />
        <Field
          name="sourceUrl"
          type="url"
          label={t('decision_support.field_source_url')}
          hint={t('decision_support.field_source_url_hint')}
          value={str('sourceUrl', entry.sourceUrl ?? '')}
          errors={options.errors}
          maxLength={500}
        />
        <SelectField
          name="active"
          label={t('decision_support.field_offered')}
          value={str('active', String(entry.active))}
          options={[
            { value: 'true', label: t('decision_support.offered_yes') },
            { value: 'false', label: t('decision_support.offered_no') },
          ]}
        />
        <TextArea
          name="findingsJson"
          label={t('decision_support.field_findings')}
          value={str('findingsJson', JSON.stringify(entry.findings, null, 1))}
          errors={options.errors}
          rows={10}
        />
        <TextArea
          name="discriminatorsJson"
          label={t('decision_support.field_discriminators')}
          value={str('discriminatorsJson', JSON.stringify(entry.discriminators, null, 1))}
          errors={options.errors}
          rows={5}
        />
        <Button>{t('decision_support.save')}</Button>
      </Form>
    </Card>
  );
}
