import type { FieldError } from '../../../platform/errors.js';
import { Alert, Badge, Button, Card, Checkbox, DescriptionList, Form, Table, TextArea } from '../../../platform/views/components.js';
import { formatCalendarDate, formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ReconciliationDetail, ReconciliationItem, UnmatchedGroup } from '../services/lab-reconciliation.service.js';

const when = (ctx: PageContext, d: Date) => formatZonedDateTime(ctx.locale, d, ctx.timeZone);

type Row = { item: ReconciliationItem; group: UnmatchedGroup };

/** The laboratory's reconciliation queue: unmatched outside results waiting for a person (issue 13). */
export function ReconciliationQueuePage(props: { ctx: PageContext; items: ReconciliationItem[]; done?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  const rows: Row[] = props.items.flatMap((item) => item.groups.map((group) => ({ item, group })));
  return (
    <Layout ctx={ctx} title={t('labs.reconcile_title')} wide>
      <PageHeader title={t('labs.reconcile_title')} subtitle={t('labs.reconcile_subtitle')} />
      {props.done && <Alert kind="success">{t('labs.done')}</Alert>}
      <Table
        caption={t('labs.reconcile_title')}
        rows={rows}
        empty={t('labs.reconcile_empty')}
        columns={[
          { header: t('labs.reconcile_col_received'), cell: (r) => when(ctx, r.item.receivedAt) },
          { header: t('labs.reconcile_col_sender'), cell: (r) => r.item.sender },
          { header: t('labs.reconcile_col_reason'), cell: (r) => t(`labs.reconcile_reason_${r.group.reason}`) },
          { header: t('labs.reconcile_col_accession'), cell: (r) => r.group.accessionNumber },
          { header: t('labs.reconcile_col_mrn'), cell: (r) => r.group.patientMrn },
          {
            header: t('labs.reconcile_col_open'),
            cell: (r) => (
              <a href={`/lab/reconciliation/${r.item.id}?group=${r.group.index}`}>
                {t('labs.reconcile_open', { count: String(r.group.resultCount) })}
              </a>
            ),
          },
        ]}
      />
    </Layout>
  );
}

/** One unmatched order group: what was sent, the candidate orders side by side, and the two actions. */
export function ReconciliationItemPage(props: { ctx: PageContext; detail: ReconciliationDetail; problem?: string; errors?: FieldError[] }) {
  const { ctx, detail } = props;
  const { t } = ctx;
  const base = `/lab/reconciliation/${detail.id}`;
  return (
    <Layout ctx={ctx} title={t('labs.reconcile_item_title')} wide>
      <PageHeader title={t('labs.reconcile_item_title')} subtitle={t(`labs.reconcile_reason_${detail.group.reason}`)} />
      <p>
        <a href="/lab/reconciliation">{t('labs.reconcile_back')}</a>
      </p>
      {props.problem && <Alert kind="danger">{t(`labs.reconcile_problem_${props.problem}`)}</Alert>}
      <Card title={t('labs.reconcile_sent_title')}>
        <DescriptionList
          items={[
            [t('labs.reconcile_col_received'), when(ctx, detail.receivedAt)],
            [t('labs.reconcile_col_sender'), detail.sender],
            [t('labs.reconcile_col_accession'), detail.group.accessionNumber],
            ...(detail.numbers.placer ? [[t('labs.reconcile_col_placer'), detail.numbers.placer] as [string, string]] : []),
            ...(detail.numbers.filler ? [[t('labs.reconcile_col_filler'), detail.numbers.filler] as [string, string]] : []),
            [t('labs.reconcile_col_mrn'), detail.group.patientMrn],
          ]}
        />
        <Table
          caption={t('labs.reconcile_sent_results')}
          rows={detail.results}
          empty={t('labs.reconcile_no_results')}
          columns={[
            { header: t('labs.reconcile_col_loinc'), cell: (r) => r.loinc },
            { header: t('labs.reconcile_col_value'), cell: (r) => (r.value !== undefined ? String(r.value) : (r.text ?? '—')) },
            { header: t('labs.reconcile_col_unit'), cell: (r) => r.unit ?? '—' },
            { header: t('labs.reconcile_col_result_status'), cell: (r) => t(`labs.result_status_${r.status}`) },
          ]}
        />
      </Card>
      <Card title={t('labs.reconcile_candidates_title')}>
        <p>{t('labs.reconcile_candidates_hint')}</p>
        {detail.candidates.length === 0 && <p>{t('labs.reconcile_no_candidates')}</p>}
        {detail.candidates.map((c) => (
          <Form ctx={ctx} action={`${base}/file`}>
            <input type="hidden" name="group" value={String(detail.group.index)} />
            <input type="hidden" name="orderId" value={c.order.id} />
            <input type="hidden" name="patientId" value={c.patient.id} />
            <p>
              {t('labs.reconcile_offered_because')} {c.offeredBecause.map((why) => t(`labs.reconcile_because_${why}`)).join('; ')}
            </p>
            <DescriptionList
              items={[
                [t('labs.col_item'), c.order.itemName],
                [t('labs.reconcile_col_order_status'), t(`labs.status_${c.order.status}`)],
                [
                  t('labs.reconcile_col_accession'),
                  <>
                    {c.order.accessionNumber ?? '—'}{' '}
                    <Badge kind={c.matchesAccession ? 'success' : 'warning'}>
                      {t(c.matchesAccession ? 'labs.reconcile_matches' : 'labs.reconcile_differs')}
                    </Badge>
                  </>,
                ],
                [t('labs.col_patient'), `${c.patient.givenName} ${c.patient.familyName}`],
                [
                  t('labs.reconcile_col_mrn'),
                  <>
                    {c.patient.mrn}{' '}
                    <Badge kind={c.matchesMrn ? 'success' : 'warning'}>
                      {t(c.matchesMrn ? 'labs.reconcile_matches' : 'labs.reconcile_differs')}
                    </Badge>
                  </>,
                ],
                [t('labs.reconcile_col_birth_date'), formatCalendarDate(ctx.locale, c.patient.birthDate)],
              ]}
            />
            <Checkbox name="confirmedSamePerson" label={t('labs.reconcile_confirm_same')} required />
            <Button type="submit">{t('labs.reconcile_file')}</Button>
          </Form>
        ))}
      </Card>
      <Card title={t('labs.reconcile_reject_title')}>
        <Form ctx={ctx} action={`${base}/reject`}>
          <input type="hidden" name="group" value={String(detail.group.index)} />
          <TextArea name="reason" label={t('labs.reconcile_reject_reason')} {...(props.errors ? { errors: props.errors } : {})} />
          <Button type="submit" variant="danger">
            {t('labs.reconcile_reject')}
          </Button>
        </Form>
      </Card>
    </Layout>
  );
}
