import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Checkbox, Field, Form, SelectField, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { AvailabilityException, AvailabilityRule, RoomView, VisitTypeView } from '../availability.schemas.js';
import type { AvailabilityOverview } from '../services/manage-availability.service.js';
import { formatInstant, formText as str } from '../../../../platform/views/format.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export interface AvailabilityEditorProps {
  ctx: PageContext;
  overview: AvailabilityOverview;
  visitTypes: VisitTypeView[];
  rooms: RoomView[];
  /** Administrators choose whose calendar to edit. */
  staffChoices: { id: string; name: string }[] | null;
  /** The form that failed, so its errors show beside its own fields. */
  failedForm?: 'rule' | 'exception';
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

export function visitTypeLabel(ctx: PageContext, visitType: VisitTypeView): string {
  const key = `scheduling.visit_type_${visitType.code}`;
  const translated = ctx.t(key);
  return `${translated === key ? visitType.name : translated} (${ctx.t('scheduling.minutes', { n: visitType.durationMinutes })})`;
}

function formatLocal(ctx: PageContext, instant: Date, timeZone: string): string {
  return formatInstant(ctx.locale, instant, timeZone);
}

/** The week at a glance: each day's hours, in the zone of each block. */
function WeekGrid(props: { ctx: PageContext; rules: AvailabilityRule[] }) {
  const { t } = props.ctx;
  const rows = WEEKDAYS.map((day) => ({ day, rules: props.rules.filter((r) => r.weekday === day) }));
  return (
    <Table
      caption={t('scheduling.week_title')}
      empty={t('scheduling.rules_empty')}
      rows={rows}
      columns={[
        { header: t('scheduling.weekday'), cell: (row) => <strong>{t(`scheduling.weekday_${row.day}`)}</strong> },
        {
          header: t('scheduling.hours'),
          cell: (row) =>
            row.rules.length === 0 ? (
              <span class="hint">{t('scheduling.no_hours')}</span>
            ) : (
              <ul>
                {row.rules.map((r) => (
                  <li>
                    {r.startTime}–{r.endTime} <span class="hint">({r.timeZone})</span>
                  </li>
                ))}
              </ul>
            ),
        },
      ]}
    />
  );
}

function RemoveForm(props: { ctx: PageContext; action: string; label: string }) {
  return (
    <Form ctx={props.ctx} action={props.action} class="inline-form" confirm={props.ctx.t('scheduling.confirm_remove')}>
      <Button variant="secondary">{props.label}</Button>
    </Form>
  );
}

export function AvailabilityEditorPage(props: AvailabilityEditorProps) {
  const { ctx, overview } = props;
  const { t } = ctx;
  const title = t('scheduling.availability_title');
  return (
    <Layout ctx={ctx} title={title} wide>
      <PageHeader title={title} subtitle={t('scheduling.availability_of', { name: overview.staff.name, zone: overview.timeZone })} />
      {props.staffChoices && (
        <Form ctx={ctx} action="/staff/availability" method="get" class="form form--inline">
          <SelectField
            name="staffId"
            label={t('scheduling.choose_staff')}
            value={overview.staff.id}
            options={props.staffChoices.map((s) => ({ value: s.id, label: s.name }))}
          />
          <Button variant="secondary">{t('scheduling.show')}</Button>
        </Form>
      )}
      {props.message && <Alert kind="danger">{props.message}</Alert>}

      <Card title={t('scheduling.week_title')} id="week">
        <WeekGrid ctx={ctx} rules={overview.rules} />
      </Card>

      <WeeklyRulesCard {...props} />

      <ExceptionsCard {...props} />
    </Layout>
  );
}

/** Exceptions to the weekly rules (days off, extra hours): the list, and the form to add one. */
function ExceptionsCard(props: AvailabilityEditorProps) {
  const { ctx, overview } = props;
  const { t } = ctx;
  const query = `?staffId=${overview.staff.id}`;
  const roomName = new Map(props.rooms.map((r) => [r.id, r.name]));
  const exceptionErrors = props.failedForm === 'exception' ? props.errors : [];
  const exceptionValues = props.failedForm === 'exception' ? props.values : {};
  return (
    <Card title={t('scheduling.exceptions_title')} id="exceptions">
      <ExceptionsTable ctx={ctx} exceptions={overview.exceptions} roomName={roomName} query={query} />
      <Form ctx={ctx} action={`/staff/availability/exceptions${query}`} id="add-exception">
        <h3>{t('scheduling.exception_add_title')}</h3>
        <SelectField
          name="kind"
          label={t('scheduling.kind')}
          required
          value={str(exceptionValues.kind)}
          errors={exceptionErrors}
          options={[
            { value: 'unavailable', label: t('scheduling.kind_unavailable') },
            { value: 'extra', label: t('scheduling.kind_extra') },
          ]}
        />
        <Field
          name="startsAt"
          type="datetime-local"
          label={t('scheduling.starts_at')}
          hint={t('scheduling.zone_note', { zone: overview.timeZone })}
          required
          value={str(exceptionValues.startsAt)}
          errors={exceptionErrors}
        />
        <Field
          name="endsAt"
          type="datetime-local"
          label={t('scheduling.ends_at')}
          hint={t('scheduling.zone_note', { zone: overview.timeZone })}
          required
          value={str(exceptionValues.endsAt)}
          errors={exceptionErrors}
        />
        <Field
          name="reason"
          label={t('scheduling.reason')}
          hint={t('scheduling.reason_hint')}
          maxLength={200}
          value={str(exceptionValues.reason)}
          errors={exceptionErrors}
        />
        <SelectField
          name="roomId"
          label={t('scheduling.room_extra')}
          includeBlank={t('scheduling.room_none')}
          value={str(exceptionValues.roomId)}
          errors={exceptionErrors}
          options={props.rooms.map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))}
        />
        <Button>{t('scheduling.add_exception')}</Button>
      </Form>
    </Card>
  );
}

/** The weekly rules: the list, and the form to add one. */
function WeeklyRulesCard(props: AvailabilityEditorProps) {
  const { ctx, overview } = props;
  const { t } = ctx;
  const query = `?staffId=${overview.staff.id}`;
  const roomName = new Map(props.rooms.map((r) => [r.id, r.name]));
  const visitTypeName = new Map(props.visitTypes.map((v) => [v.id, visitTypeLabel(ctx, v)]));
  return (
    <Card title={t('scheduling.rules_title')} id="rules">
      <Table
        caption={t('scheduling.rules_title')}
        empty={t('scheduling.rules_empty')}
        rows={overview.rules}
        columns={[
          { header: t('scheduling.weekday'), cell: (r) => t(`scheduling.weekday_${r.weekday}`) },
          { header: t('scheduling.hours'), cell: (r) => `${r.startTime}–${r.endTime}` },
          { header: t('scheduling.time_zone'), cell: (r) => r.timeZone },
          { header: t('scheduling.valid'), cell: (r) => `${r.validFrom} – ${r.validTo ?? t('scheduling.open_ended')}` },
          { header: t('scheduling.room'), cell: (r) => (r.roomId ? (roomName.get(r.roomId) ?? '—') : '—') },
          {
            header: t('scheduling.visit_types'),
            cell: (r) =>
              r.visitTypeIds ? r.visitTypeIds.map((id) => visitTypeName.get(id) ?? '—').join(', ') : t('scheduling.all_visit_types'),
          },
          {
            header: t('scheduling.actions'),
            cell: (r) => (
              <RemoveForm ctx={ctx} action={`/staff/availability/rules/${r.id}/remove${query}`} label={t('scheduling.remove')} />
            ),
          },
        ]}
      />
      <AddRuleForm {...props} />
    </Card>
  );
}

/** The form that adds a weekly rule, refilled after a refusal. */
function AddRuleForm(props: AvailabilityEditorProps) {
  const { ctx, overview } = props;
  const { t } = ctx;
  const query = `?staffId=${overview.staff.id}`;
  const ruleErrors = props.failedForm === 'rule' ? props.errors : [];
  const ruleValues = props.failedForm === 'rule' ? props.values : {};
  const chosenTypes = new Set([ruleValues.visitTypeIds ?? []].flat() as string[]);
  return (
    <Form ctx={ctx} action={`/staff/availability/rules${query}`} id="add-rule">
      <h3>{t('scheduling.rule_add_title')}</h3>
      <SelectField
        name="weekday"
        label={t('scheduling.weekday')}
        required
        value={str(ruleValues.weekday) ?? '1'}
        errors={ruleErrors}
        options={WEEKDAYS.map((d) => ({ value: String(d), label: t(`scheduling.weekday_${d}`) }))}
      />
      <Field
        name="startTime"
        label={t('scheduling.start_time')}
        hint={t('scheduling.time_hint')}
        required
        pattern="[0-2][0-9]:[0-5][0-9]"
        placeholder="09:00"
        value={str(ruleValues.startTime)}
        errors={ruleErrors}
      />
      <Field
        name="endTime"
        label={t('scheduling.end_time')}
        hint={t('scheduling.time_hint')}
        required
        pattern="[0-2][0-9]:[0-5][0-9]"
        placeholder="17:00"
        value={str(ruleValues.endTime)}
        errors={ruleErrors}
      />
      <Field
        name="validFrom"
        type="date"
        label={t('scheduling.valid_from')}
        required
        value={str(ruleValues.validFrom)}
        errors={ruleErrors}
      />
      <Field
        name="validTo"
        type="date"
        label={t('scheduling.valid_to')}
        hint={t('scheduling.valid_to_hint')}
        value={str(ruleValues.validTo)}
        errors={ruleErrors}
      />
      <Field
        name="timeZone"
        label={t('scheduling.time_zone')}
        hint={t('scheduling.time_zone_hint')}
        value={str(ruleValues.timeZone) ?? overview.timeZone}
        errors={ruleErrors}
      />
      <SelectField
        name="roomId"
        label={t('scheduling.room')}
        includeBlank={t('scheduling.room_none')}
        value={str(ruleValues.roomId)}
        errors={ruleErrors}
        options={props.rooms.map((r) => ({ value: r.id, label: `${r.code} — ${r.name}` }))}
      />
      <fieldset class="fieldset">
        <legend>{t('scheduling.visit_types')}</legend>
        <p class="hint">{t('scheduling.visit_types_hint')}</p>
        {props.visitTypes.map((v) => (
          <Checkbox name="visitTypeIds" value={v.id} label={visitTypeLabel(ctx, v)} checked={chosenTypes.has(v.id)} />
        ))}
        {ruleErrors
          .filter((e) => e.path.startsWith('visitTypeIds'))
          .map((e) => (
            <p class="field-error">{e.message}</p>
          ))}
      </fieldset>
      <Button>{t('scheduling.add_rule')}</Button>
    </Form>
  );
}

function ExceptionsTable(props: { ctx: PageContext; exceptions: AvailabilityException[]; roomName: Map<string, string>; query: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table
      caption={t('scheduling.exceptions_title')}
      empty={t('scheduling.exceptions_empty')}
      rows={props.exceptions}
      columns={[
        { header: t('scheduling.kind'), cell: (e) => t(`scheduling.kind_${e.kind}`) },
        { header: t('scheduling.starts_at'), cell: (e) => formatLocal(ctx, e.startsAt, e.timeZone) },
        { header: t('scheduling.ends_at'), cell: (e) => formatLocal(ctx, e.endsAt, e.timeZone) },
        { header: t('scheduling.time_zone'), cell: (e) => e.timeZone },
        { header: t('scheduling.reason'), cell: (e) => e.reason ?? '—' },
        { header: t('scheduling.room'), cell: (e) => (e.roomId ? (props.roomName.get(e.roomId) ?? '—') : '—') },
        {
          header: t('scheduling.actions'),
          cell: (e) => (
            <RemoveForm ctx={ctx} action={`/staff/availability/exceptions/${e.id}/remove${props.query}`} label={t('scheduling.remove')} />
          ),
        },
      ]}
    />
  );
}
