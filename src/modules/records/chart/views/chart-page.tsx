import { roleHasPermission } from '../../../../platform/authz/permissions.js';
import { Badge, Card, DescriptionList, LinkButton, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { PatientBanner } from '../../../../platform/views/patient-banner.js';
import { fullName } from '../../../../platform/views/format.js';
import type { ProblemItem } from '../chart.types.js';
import type { PatientChart } from '../services/chart.service.js';
import { fileSize, label, NotAvailable, when } from './chart-format.js';
import { CarePlanActions, ChartSectionNav, counted, DiagnosisActions, DocumentActions, EncounterActions } from './chart-workspace.js';

const NOTE_BADGE = { draft: 'warning', signed: 'success', amended: 'info' } as const;

export interface ChartPageProps {
  ctx: PageContext;
  now: Date;
  chart: PatientChart;
}

/**
 * The clinician's chart, a workspace: sections with their counts, the actions where their data is
 * (for a viewer who may take them), and rows that open their item.
 */
export function ChartPage(props: ChartPageProps) {
  const { ctx, chart, now } = props;
  const { t } = ctx;
  const p = chart.patient;
  const sections = [
    { id: 'problems', title: t('records.chart_problems'), rows: problemsOf(chart) },
    { id: 'allergies', title: t('records.chart_allergies'), rows: activeAllergiesOf(chart) },
    { id: 'diagnoses', title: t('records.chart_diagnoses'), rows: chart.diagnoses },
    { id: 'encounters', title: t('records.chart_encounters'), rows: chart.encounters },
    { id: 'notes', title: t('records.chart_notes'), rows: chart.notes },
    { id: 'documents', title: t('records.chart_documents'), rows: chart.documents },
    { id: 'care-plans', title: t('records.chart_care_plans'), rows: chart.carePlans },
  ];
  return (
    <Layout ctx={ctx} title={t('records.chart_title', { name: fullName(p) })} wide>
      <PatientBanner ctx={ctx} patient={p} allergies={chart.allergies} now={now} />
      <PageHeader
        title={t('records.chart_title', { name: fullName(p) })}
        subtitle={p.access === 'break_glass' ? <Badge kind="danger">{t('records.chart_break_glass')}</Badge> : undefined}
        actions={
          <>
            <LinkButton href={`/staff/patients/${p.id}`}>{t('records.chart_details_link')}</LinkButton>
            <LinkButton href={`/staff/patients/${p.id}/timeline`}>{t('records.chart_history')}</LinkButton>
            {ctx.actor && roleHasPermission(ctx.actor.role, 'prescriptions.read') && (
              <LinkButton href={`/staff/patients/${p.id}/medicines`}>{t('records.chart_medicines')}</LinkButton>
            )}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'vitals.read') && (
              <LinkButton href={`/staff/patients/${p.id}/vitals`}>{t('vitals.chart_link')}</LinkButton>
            )}
            {/* The care team's page (break-the-glass does not reach a patient's hardware, docs/vitals.md). */}
            {ctx.actor && p.access === 'care_team' && roleHasPermission(ctx.actor.role, 'devices.manage') && (
              <LinkButton href={`/staff/patients/${p.id}/devices`}>{t('devices.staff_chart_link')}</LinkButton>
            )}
            {/* The care team's to-do list (docs/tasks.md): break-the-glass does not reach it. */}
            {ctx.actor && p.access === 'care_team' && roleHasPermission(ctx.actor.role, 'tasks.work') && (
              <LinkButton href={`/staff/patients/${p.id}/tasks`}>{t('tasks.chart_link')}</LinkButton>
            )}
            {/* The care team's thread (docs/messaging.md); break-the-glass reaches it from here too. */}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'messages.staff') && (
              <LinkButton href={`/staff/patients/${p.id}/messages`}>{t('staff_messages.chart_link')}</LinkButton>
            )}
            {ctx.actor && roleHasPermission(ctx.actor.role, 'labs.read') && (
              <LinkButton href={`/staff/patients/${p.id}/lab-orders`}>{t('labs.patient_orders_title')}</LinkButton>
            )}
          </>
        }
      />
      <ChartSectionNav ctx={ctx} sections={sections} />
      <div class="chart-grid">
        <SummaryCard {...props} />

        <ProblemsCard {...props} />

        <AllergiesCard {...props} />

        <DiagnosesCard {...props} />

        <EncountersCard {...props} />

        <NotesCard {...props} />

        <DocumentsCard {...props} />

        <CarePlansCard {...props} />
      </div>
    </Layout>
  );
}

/** The problem list, or the active conditions when the chart has no problem list source. */
function problemsOf(chart: PatientChart): ProblemItem[] {
  return (
    chart.problems ??
    chart.conditions
      .filter((c) => c.status === 'active')
      .map((c) => ({ id: c.id, code: c.icd10Code, description: c.description, since: c.onsetDate }))
  );
}

function activeAllergiesOf(chart: PatientChart) {
  return chart.allergies.filter((a) => a.status !== 'entered-in-error');
}

/** The counts a clinician looks at first. */
function SummaryCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  const p = chart.patient;
  const problems = problemsOf(chart);
  const activeAllergies = activeAllergiesOf(chart);
  const drafts = chart.notes?.filter((n) => n.status === 'draft').length;
  const activePlans = chart.carePlans?.filter((c) => c.status === 'active').length;
  const lastEncounter = chart.encounters?.[0];
  return (
    <Card title={t('records.chart_summary')} id="summary">
      <DescriptionList
        items={[
          [t('records.chart_health_status'), p.healthStatus ?? t('records.chart_none_recorded')],
          [t('records.chart_problems_count'), String(problems.length)],
          [t('records.chart_allergies_count'), String(activeAllergies.filter((a) => a.status === 'active').length)],
          [t('records.chart_draft_notes'), drafts === undefined ? t('records.chart_not_available') : String(drafts)],
          [t('records.chart_active_care_plans'), activePlans === undefined ? t('records.chart_not_available') : String(activePlans)],
          [
            t('records.chart_last_encounter'),
            chart.encounters === null ? t('records.chart_not_available') : lastEncounter ? when(ctx, lastEncounter.startedAt) : '—',
          ],
        ]}
      />
    </Card>
  );
}

/** The problem list (from diagnoses, or active conditions when there is none). */
function ProblemsCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  const problems = problemsOf(chart);
  return (
    <Card title={counted(ctx, t('records.chart_problems'), problems)} id="problems">
      <Table
        caption={t('records.chart_problems')}
        empty={t('records.chart_problems_empty')}
        rows={problems}
        columns={[
          { header: t('records.chart_code'), cell: (x) => x.code ?? '—' },
          { header: t('records.chart_description'), cell: (x) => <strong>{x.description}</strong> },
          { header: t('records.chart_since'), cell: (x) => when(ctx, x.since) },
        ]}
      />
    </Card>
  );
}

/** Allergies that are not entered in error. */
function AllergiesCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  const activeAllergies = activeAllergiesOf(chart);
  return (
    <Card title={counted(ctx, t('records.chart_allergies'), activeAllergies)} id="allergies">
      <Table
        caption={t('records.chart_allergies')}
        empty={t('records.chart_allergies_empty')}
        rows={activeAllergies}
        columns={[
          { header: t('records.chart_substance'), cell: (a) => <strong>{a.substance}</strong> },
          { header: t('records.chart_reaction'), cell: (a) => a.reaction ?? '—' },
          {
            header: t('records.chart_severity'),
            cell: (a) => <Badge kind={a.severity === 'severe' ? 'danger' : 'neutral'}>{t(`patients.severity_${a.severity}`)}</Badge>,
          },
          { header: t('records.chart_status'), cell: (a) => t(`patients.status_${a.status}`) },
        ]}
      />
    </Card>
  );
}

/** Diagnoses recorded in encounters. */
function DiagnosesCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  return (
    <Card
      title={counted(ctx, t('records.chart_diagnoses'), chart.diagnoses)}
      id="diagnoses"
      actions={<DiagnosisActions ctx={ctx} patientId={chart.patient.id} encounters={chart.encounters} />}
    >
      {chart.diagnoses === null ? (
        <NotAvailable ctx={ctx} />
      ) : (
        <Table
          caption={t('records.chart_diagnoses')}
          empty={t('records.chart_diagnoses_empty')}
          rows={chart.diagnoses}
          columns={[
            {
              header: t('records.chart_code'),
              cell: (d) => (d.encounterId ? <a href={`/staff/encounters/${d.encounterId}`}>{d.code}</a> : <strong>{d.code}</strong>),
            },
            { header: t('records.chart_description'), cell: (d) => d.description },
            { header: t('records.chart_status'), cell: (d) => label(ctx, 'chart_status', d.status) },
            { header: t('records.chart_recorded'), cell: (d) => when(ctx, d.recordedAt) },
          ]}
        />
      )}
    </Card>
  );
}

/** Encounters, newest first. */
function EncountersCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  return (
    <Card
      title={counted(ctx, t('records.chart_encounters'), chart.encounters)}
      id="encounters"
      actions={<EncounterActions ctx={ctx} patientId={chart.patient.id} />}
    >
      {chart.encounters === null ? (
        <NotAvailable ctx={ctx} />
      ) : (
        <Table
          caption={t('records.chart_encounters')}
          empty={t('records.chart_encounters_empty')}
          rows={chart.encounters}
          columns={[
            {
              header: t('records.chart_started'),
              cell: (e) => (
                <a href={`/staff/encounters/${e.id}`}>{e.startedAt ? when(ctx, e.startedAt, true) : t('records.chart_view_encounter')}</a>
              ),
            },
            { header: t('records.chart_type'), cell: (e) => label(ctx, 'chart_type', e.type) },
            {
              header: t('records.chart_status'),
              cell: (e) => <Badge kind={e.status === 'finished' ? 'success' : 'info'}>{label(ctx, 'chart_status', e.status)}</Badge>,
            },
            { header: t('records.chart_clinician'), cell: (e) => e.clinicianName ?? '—' },
            { header: t('records.chart_ended'), cell: (e) => when(ctx, e.endedAt, true) },
          ]}
        />
      )}
    </Card>
  );
}

/** Clinical notes with their status and an excerpt of the assessment. */
function NotesCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  return (
    <Card title={counted(ctx, t('records.chart_notes'), chart.notes)} id="notes">
      {chart.notes === null ? (
        <NotAvailable ctx={ctx} />
      ) : (
        <Table
          caption={t('records.chart_notes')}
          empty={t('records.chart_notes_empty')}
          rows={chart.notes}
          columns={[
            {
              header: t('records.chart_status'),
              cell: (n) => <Badge kind={NOTE_BADGE[n.status] ?? 'neutral'}>{label(ctx, 'chart_status', n.status)}</Badge>,
            },
            { header: t('records.chart_author'), cell: (n) => n.authorName ?? '—' },
            { header: t('records.chart_signed'), cell: (n) => when(ctx, n.signedAt, true) },
            { header: t('records.chart_assessment'), cell: (n) => n.assessmentExcerpt ?? '—' },
            {
              header: t('records.chart_encounter_column'),
              cell: (n) => <a href={`/staff/encounters/${n.encounterId}`}>{t('records.chart_view_encounter')}</a>,
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Uploaded documents and imaging. */
function DocumentsCard(props: ChartPageProps) {
  const { ctx, chart } = props;
  const { t } = ctx;
  return (
    <Card
      title={counted(ctx, t('records.chart_documents'), chart.documents)}
      id="documents"
      actions={<DocumentActions ctx={ctx} patientId={chart.patient.id} />}
    >
      {chart.documents === null ? (
        <NotAvailable ctx={ctx} />
      ) : (
        <Table
          caption={t('records.chart_documents')}
          empty={t('records.chart_documents_empty')}
          rows={chart.documents}
          columns={[
            { header: t('records.chart_document_title'), cell: (d) => <a href={`/documents/${d.id}/view`}>{d.title}</a> },
            { header: t('records.chart_category'), cell: (d) => label(ctx, 'chart_category', d.category) },
            {
              header: t('records.chart_file'),
              cell: (d) => (
                <a href={`/documents/${d.id}/download`} download>
                  {`${t('records.chart_download')} · ${fileSize(d.sizeBytes)}`}
                </a>
              ),
            },
            { header: t('records.chart_uploaded'), cell: (d) => `${when(ctx, d.uploadedAt, true)} · ${d.uploadedByName ?? '—'}` },
            {
              header: t('records.chart_imaging'),
              cell: (d) => (d.dicom ? [d.dicom.modality, d.dicom.studyDate, d.dicom.description].filter(Boolean).join(' · ') : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** Care plans with goals met and the next review. */
function CarePlansCard(props: ChartPageProps) {
  const { ctx, chart, now } = props;
  const { t } = ctx;
  const overdue = (at: Date | string | null) => at !== null && new Date(at).getTime() <= now.getTime();
  return (
    <Card
      title={counted(ctx, t('records.chart_care_plans'), chart.carePlans)}
      id="care-plans"
      actions={<CarePlanActions ctx={ctx} patientId={chart.patient.id} />}
    >
      {chart.carePlans === null ? (
        <NotAvailable ctx={ctx} />
      ) : (
        <Table
          caption={t('records.chart_care_plans')}
          empty={t('records.chart_care_plans_empty')}
          rows={chart.carePlans}
          columns={[
            { header: t('records.chart_plan_title'), cell: (c) => <a href={`/staff/care-plans/${c.id}`}>{c.title}</a> },
            { header: t('records.chart_status'), cell: (c) => label(ctx, 'chart_status', c.status) },
            { header: t('records.chart_code'), cell: (c) => c.conditionCode ?? '—' },
            { header: t('records.chart_goals'), cell: (c) => t('records.chart_goals_met', { met: c.goalsMet, total: c.goalsTotal }) },
            {
              header: t('records.chart_next_review'),
              cell: (c) =>
                overdue(c.nextReviewAt) && c.status === 'active' ? (
                  <Badge kind="warning">{t('records.chart_review_due', { date: when(ctx, c.nextReviewAt) })}</Badge>
                ) : (
                  when(ctx, c.nextReviewAt)
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
