import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, DescriptionList, Field, Form, LinkButton, SelectField, Table } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { ADMIN_UNIT_STATUSES, type CrewCandidateDto, type FleetUnitDto } from '../fleet.schemas.js';

/** What a re-rendered form shows: the field errors, what was typed, the refusal's sentence. */
export interface FleetFormState {
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
  /** Which form on the unit page failed: the details or the crew picker. */
  form?: 'details' | 'crew';
}

const text = (values: Record<string, unknown> | undefined, key: string, fallback: string) => {
  const typed = values?.[key];
  return typeof typed === 'string' ? typed : fallback;
};
const coordinate = (n: number | null) => (n === null ? '' : String(n));

function statusLabel(ctx: PageContext, unit: FleetUnitDto): string {
  return ctx.t(`sos.unit_status_${unit.status}`);
}

function positionText(ctx: PageContext, unit: FleetUnitDto): string {
  if (unit.latitude === null || unit.longitude === null) return ctx.t('fleet.no_position');
  return `${unit.latitude.toFixed(5)}, ${unit.longitude.toFixed(5)}`;
}

/** Every unit with its status (in the viewer's language), base position and crew. */
export function FleetListPage(props: { ctx: PageContext; units: FleetUnitDto[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('fleet.title')}>
      <PageHeader
        title={t('fleet.title')}
        subtitle={t('fleet.subtitle')}
        actions={
          <LinkButton href="/admin/emergency/units/new" variant="primary">
            {t('fleet.new_unit')}
          </LinkButton>
        }
      />
      <Table
        caption={t('fleet.title')}
        empty={t('fleet.no_units')}
        rows={props.units}
        columns={[
          { header: t('fleet.call_sign'), cell: (u) => <a href={`/admin/emergency/units/${u.id}`}>{u.callSign}</a> },
          {
            header: t('fleet.status'),
            cell: (u) => (
              <>
                {statusLabel(ctx, u)}
                {u.onIncident && <span class="hint"> · {t('fleet.on_incident')}</span>}
              </>
            ),
          },
          { header: t('fleet.position'), cell: (u) => <span dir="ltr">{positionText(ctx, u)}</span> },
          { header: t('fleet.crew'), cell: (u) => (u.crew.length ? u.crew.map((c) => c.name).join(', ') : t('fleet.no_crew')) },
        ]}
      />
    </Layout>
  );
}

function DetailsFields(props: { ctx: PageContext; values: Record<string, string>; errors: FieldError[] }) {
  const { t } = props.ctx;
  return (
    <>
      <Field
        name="callSign"
        label={t('fleet.call_sign')}
        hint={t('fleet.call_sign_hint')}
        value={props.values.callSign}
        errors={props.errors}
        required
        maxLength={20}
      />
      <p class="hint">{t('fleet.position_hint')}</p>
      <Field name="latitude" type="number" step="any" label={t('fleet.latitude')} value={props.values.latitude} errors={props.errors} />
      <Field name="longitude" type="number" step="any" label={t('fleet.longitude')} value={props.values.longitude} errors={props.errors} />
    </>
  );
}

export function NewUnitPage(props: { ctx: PageContext; state?: FleetFormState }) {
  const { ctx, state } = props;
  const { t } = ctx;
  const values = {
    callSign: text(state?.values, 'callSign', ''),
    latitude: text(state?.values, 'latitude', ''),
    longitude: text(state?.values, 'longitude', ''),
  };
  return (
    <Layout ctx={ctx} title={t('fleet.new_title')}>
      <PageHeader title={t('fleet.new_title')} actions={<LinkButton href="/admin/emergency/units">{t('fleet.back')}</LinkButton>} />
      {state?.message && <Alert kind="danger">{state.message}</Alert>}
      <Card>
        <Form ctx={ctx} action="/admin/emergency/units" id="fleet-new">
          <DetailsFields ctx={ctx} values={values} errors={state?.errors ?? []} />
          <div class="form-actions">
            <Button>{t('fleet.create')}</Button>
          </div>
        </Form>
      </Card>
    </Layout>
  );
}

function CrewCard(props: { ctx: PageContext; unit: FleetUnitDto; candidates: CrewCandidateDto[]; state?: FleetFormState }) {
  const { ctx, unit, state } = props;
  const { t } = ctx;
  const free = props.candidates.filter((c) => c.unitCallSign === null);
  return (
    <Card title={t('fleet.crew')} id="fleet-crew">
      {unit.crew.length === 0 ? (
        <p>{t('fleet.no_crew')}</p>
      ) : (
        <ul class="list">
          {unit.crew.map((member) => (
            <li>
              {member.name}{' '}
              <Form
                ctx={ctx}
                action={`/admin/emergency/units/${unit.id}/crew/${member.staffId}/remove`}
                class="form form--inline"
                confirm={t('fleet.crew_remove_confirm', { name: member.name })}
              >
                <Button variant="secondary">{t('fleet.crew_remove')}</Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      {unit.onIncident && <p class="hint">{t('fleet.crew_on_call')}</p>}
      {state?.form === 'crew' && state.message && <Alert kind="danger">{state.message}</Alert>}
      {free.length === 0 ? (
        <p class="hint">{t('fleet.no_paramedics')}</p>
      ) : (
        <Form ctx={ctx} action={`/admin/emergency/units/${unit.id}/crew`} id="fleet-crew-add">
          <SelectField
            name="staffId"
            label={t('fleet.crew_pick')}
            includeBlank={t('fleet.crew_pick_blank')}
            options={free.map((c) => ({ value: c.staffId, label: c.name }))}
            value={state?.form === 'crew' ? text(state.values, 'staffId', '') : ''}
            errors={state?.form === 'crew' ? state.errors : undefined}
            required
          />
          <div class="form-actions">
            <Button>{t('fleet.crew_add')}</Button>
          </div>
        </Form>
      )}
    </Card>
  );
}

/** One unit: its details and status (an administrator's form), and its crew. */
export function UnitPage(props: {
  ctx: PageContext;
  unit: FleetUnitDto;
  candidates: CrewCandidateDto[];
  state?: FleetFormState;
  notice?: string;
}) {
  const { ctx, unit, state } = props;
  const { t } = ctx;
  const mine = state?.form === 'details' ? state : undefined;
  const values = {
    callSign: text(mine?.values, 'callSign', unit.callSign),
    latitude: mine ? text(mine.values, 'latitude', '') : coordinate(unit.latitude),
    longitude: mine ? text(mine.values, 'longitude', '') : coordinate(unit.longitude),
  };
  const settable = !unit.onIncident && (ADMIN_UNIT_STATUSES as readonly string[]).includes(unit.status);
  return (
    <Layout ctx={ctx} title={unit.callSign}>
      <PageHeader
        title={unit.callSign}
        subtitle={statusLabel(ctx, unit)}
        actions={<LinkButton href="/admin/emergency/units">{t('fleet.back')}</LinkButton>}
      />
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {mine?.message && <Alert kind="danger">{mine.message}</Alert>}
      <Card title={t('fleet.details')} id="fleet-details">
        <DescriptionList
          items={[
            [t('fleet.status'), `${statusLabel(ctx, unit)}${unit.onIncident ? ` · ${t('fleet.on_incident')}` : ''}`],
            [t('fleet.position'), <span dir="ltr">{positionText(ctx, unit)}</span>],
            [t('fleet.updated'), formatZonedDateTime(ctx.locale, new Date(unit.updatedAt), ctx.timeZone, 'short')],
          ]}
        />
        <Form ctx={ctx} action={`/admin/emergency/units/${unit.id}`} id="fleet-edit">
          <DetailsFields ctx={ctx} values={values} errors={mine?.errors ?? []} />
          {settable ? (
            <SelectField
              name="status"
              label={t('fleet.status')}
              options={ADMIN_UNIT_STATUSES.map((s) => ({ value: s, label: t(`sos.unit_status_${s}`) }))}
              value={text(mine?.values, 'status', unit.status)}
              errors={mine?.errors}
            />
          ) : (
            <p class="hint">{t('fleet.status_locked')}</p>
          )}
          <div class="form-actions">
            <Button>{t('fleet.save')}</Button>
          </div>
        </Form>
      </Card>
      <CrewCard ctx={ctx} unit={unit} candidates={props.candidates} state={state} />
    </Layout>
  );
}
