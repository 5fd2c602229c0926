import type { FieldError } from '../../../../platform/errors.js';
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  Form,
  LinkButton,
  SelectField,
  Table,
} from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Diagnosis, Icd10Code } from '../diagnoses.schemas.js';
import { when } from '../../chart/views/chart-format.js';

export interface DiagnosisPageProps {
  ctx: PageContext;
  encounterId: string;
  patientId: string;
  patientLabel: string;
  diagnoses: Diagnosis[];
  query: string;
  results: Icd10Code[] | null;
  done?: 'added' | 'removed' | undefined;
  failure?: { errors: FieldError[]; values: Record<string, unknown>; message?: string | undefined } | undefined;
}

/** Primary for the encounter's first diagnosis, secondary afterwards (the service decides the same when none is sent). */
export const suggestedRank = (diagnoses: readonly unknown[]): 'primary' | 'secondary' => (diagnoses.length === 0 ? 'primary' : 'secondary');

/** One search result with its own small "add" form (rank, chronic): works without JavaScript. */
function ResultRow(props: { ctx: PageContext; encounterId: string; code: Icd10Code; query: string; rank: 'primary' | 'secondary' }) {
  const { ctx, code } = props;
  const { t } = ctx;
  return (
    <li class="dx-result">
      <Form ctx={ctx} action={`/staff/encounters/${props.encounterId}/diagnoses`} class="inline-form">
        <input type="hidden" name="code" value={code.code} />
        <input type="hidden" name="q" value={props.query} />
        <strong>{code.code}</strong> {code.description} {!code.billable && <Badge kind="warning">{t('records.dx_not_billable')}</Badge>}
        <SelectField
          name="rank"
          label={t('records.dx_rank')}
          value={props.rank}
          options={[
            { value: 'primary', label: t('records.dx_rank_primary') },
            { value: 'secondary', label: t('records.dx_rank_secondary') },
          ]}
        />
        <Checkbox name="chronic" label={t('records.dx_chronic')} />
        <Button>{t('records.dx_add')}</Button>
      </Form>
    </li>
  );
}

/** The results list: also the htmx fragment swapped in while typing. */
export function Icd10Results(props: {
  ctx: PageContext;
  encounterId: string;
  query: string;
  results: Icd10Code[] | null;
  rank: 'primary' | 'secondary';
}) {
  const { t } = props.ctx;
  if (props.results === null) return <p class="hint">{t('records.dx_search_hint')}</p>;
  if (props.results.length === 0) return <EmptyState title={t('records.dx_no_results')} />;
  return (
    <ul class="dx-results" aria-label={t('records.dx_results')}>
      {props.results.map((code) => (
        <ResultRow ctx={props.ctx} encounterId={props.encounterId} code={code} query={props.query} rank={props.rank} />
      ))}
    </ul>
  );
}

export function DiagnosisEncounterPage(props: DiagnosisPageProps) {
  const { ctx, failure } = props;
  const { t } = ctx;
  const fieldError = failure?.errors.map((e) => e.message).join(' ');
  return (
    <Layout ctx={ctx} title={t('records.dx_title')} wide>
      <PageHeader
        title={t('records.dx_title')}
        subtitle={props.patientLabel}
        actions={
          <>
            <LinkButton href={`/staff/encounters/${props.encounterId}`}>{t('records.dx_back_to_encounter')}</LinkButton>
            <LinkButton href={`/staff/patients/${props.patientId}/timeline`}>{t('records.hist_title')}</LinkButton>
          </>
        }
      />
      {props.done && <Alert kind="success">{t(`records.dx_done_${props.done}`)}</Alert>}
      {failure && <Alert kind="danger">{failure.message ?? fieldError ?? t('records.dx_add_failed')}</Alert>}
      <Card title={t('records.dx_current')}>
        <Table
          caption={t('records.dx_current')}
          empty={t('records.dx_none')}
          rows={props.diagnoses}
          columns={[
            { header: t('records.dx_code'), cell: (d) => <strong>{d.code}</strong> },
            { header: t('records.dx_description'), cell: (d) => d.description },
            {
              header: t('records.dx_rank'),
              cell: (d) => <Badge kind={d.rank === 'primary' ? 'info' : 'neutral'}>{t(`records.dx_rank_${d.rank}`)}</Badge>,
            },
            {
              header: t('records.dx_chronic'),
              cell: (d) => (d.chronic ? <Badge kind="warning">{t('records.dx_chronic_yes')}</Badge> : ''),
            },
            { header: t('records.dx_recorded'), cell: (d) => when(ctx, d.recordedAt, true) },
            {
              header: t('records.dx_actions'),
              cell: (d) => (
                <Form
                  ctx={ctx}
                  action={`/staff/encounters/${props.encounterId}/diagnoses/${d.id}/remove`}
                  class="inline-form"
                  confirm={t('records.dx_remove_confirm')}
                >
                  <Button variant="secondary">{t('records.dx_remove')}</Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('records.dx_search')}>
        <form method="get" action={`/staff/encounters/${props.encounterId}/diagnoses`} class="form" role="search">
          <div class="field">
            <label for="f-q">{t('records.dx_search_label')}</label>
            <input
              id="f-q"
              name="q"
              type="search"
              value={props.query}
              maxLength={100}
              autocomplete="off"
              hx-get={`/staff/encounters/${props.encounterId}/diagnoses/suggestions`}
              hx-trigger="input changed delay:250ms, search"
              hx-target="#dx-results"
              hx-swap="innerHTML"
            />
          </div>
          <Button variant="secondary">{t('records.dx_search_button')}</Button>
        </form>
        <div id="dx-results" aria-live="polite">
          <Icd10Results
            ctx={ctx}
            encounterId={props.encounterId}
            query={props.query}
            results={props.results}
            rank={suggestedRank(props.diagnoses)}
          />
        </div>
        <p class="hint">{t('records.dx_edition')}</p>
      </Card>
    </Layout>
  );
}
