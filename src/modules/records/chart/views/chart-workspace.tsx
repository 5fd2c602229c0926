import { roleHasPermission, type Permission } from '../../../../platform/authz/permissions.js';
import { Button, Form, LinkButton, SelectField } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { ENCOUNTER_TYPES } from '../../encounters/encounters.tables.js';
import type { ChartEncounter } from '../chart.types.js';

/**
 * The chart as a workspace: the actions that sit where their data is (open an encounter, add a
 * diagnosis, start a care plan, upload a document), each shown only to a viewer whose role may do
 * it. The service has already decided the viewer may open this chart (care team or emergency
 * access); the role decides what they may write in it.
 */
export function may(ctx: PageContext, permission: Permission): boolean {
  return ctx.actor ? roleHasPermission(ctx.actor.role, permission) : false;
}

/** "Encounters (3)"; a section that is not available shows its title alone. */
export function counted(ctx: PageContext, title: string, rows: unknown[] | null | undefined): string {
  return rows ? ctx.t('records.chart_section_count', { title, count: rows.length }) : title;
}

export interface ChartSectionLink {
  id: string;
  title: string;
  rows: unknown[] | null | undefined;
}

/** The sections with their counts, as jump links at the top of the chart. */
export function ChartSectionNav(props: { ctx: PageContext; sections: ChartSectionLink[] }) {
  const { ctx } = props;
  return (
    <nav class="related-links chart-sections" aria-label={ctx.t('records.chart_sections')}>
      <ul>
        {props.sections.map((s) => (
          <li>
            <a href={`#${s.id}`}>{counted(ctx, s.title, s.rows)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Open a new encounter for this patient (a walk-in; booked visits open from the calendar or today's list). */
export function EncounterActions(props: { ctx: PageContext; patientId: string }) {
  const { ctx, patientId } = props;
  const { t } = ctx;
  if (!may(ctx, 'records.write')) return null;
  return (
    <>
      <LinkButton href="/staff/today">{t('records.chart_today_list')}</LinkButton>
      <Form ctx={ctx} action="/staff/encounters" class="form form--inline" id="open-encounter">
        <input type="hidden" name="patientId" value={patientId} />
        <SelectField
          name="type"
          label={t('records.chart_encounter_type')}
          value="outpatient"
          options={ENCOUNTER_TYPES.map((v) => ({ value: v, label: t(`records.enc_type_${v}`) }))}
        />
        <Button variant="primary">{t('records.chart_open_encounter')}</Button>
      </Form>
    </>
  );
}

/** Diagnoses are recorded in an encounter: the one in progress, else the newest (coding after the visit). */
export function DiagnosisActions(props: { ctx: PageContext; patientId: string; encounters: ChartEncounter[] | null }) {
  const { ctx, patientId } = props;
  const { t } = ctx;
  const open = props.encounters?.find((e) => e.status === 'in_progress') ?? props.encounters?.[0];
  return (
    <>
      <LinkButton href={`/staff/patients/${patientId}/timeline`}>{t('records.chart_history')}</LinkButton>
      {may(ctx, 'records.write') &&
        (open ? (
          <LinkButton href={`/staff/encounters/${open.id}/diagnoses`} variant="primary">
            {t('records.chart_add_diagnosis')}
          </LinkButton>
        ) : (
          <p class="hint">{t('records.chart_add_diagnosis_hint')}</p>
        ))}
    </>
  );
}

export function DocumentActions(props: { ctx: PageContext; patientId: string }) {
  const { ctx, patientId } = props;
  const href = `/staff/patients/${patientId}/documents`;
  return (
    <>
      {may(ctx, 'records.upload') ? (
        <LinkButton href={href} variant="primary">
          {ctx.t('records.chart_upload_document')}
        </LinkButton>
      ) : (
        <LinkButton href={href}>{ctx.t('records.chart_all_documents')}</LinkButton>
      )}
      {may(ctx, 'imaging.read') && <LinkButton href={`/staff/patients/${patientId}/imaging`}>{ctx.t('imaging.chart_link')}</LinkButton>}
    </>
  );
}

export function CarePlanActions(props: { ctx: PageContext; patientId: string }) {
  const { ctx, patientId } = props;
  const href = `/staff/patients/${patientId}/care-plans`;
  return may(ctx, 'records.write') ? (
    <LinkButton href={href} variant="primary">
      {ctx.t('records.chart_new_care_plan')}
    </LinkButton>
  ) : (
    <LinkButton href={href}>{ctx.t('records.chart_all_care_plans')}</LinkButton>
  );
}
