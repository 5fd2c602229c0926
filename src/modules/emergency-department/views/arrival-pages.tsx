import type { FieldError } from '../../../platform/errors.js';
import {
  Alert,
  Button,
  Checkbox,
  Card,
  DescriptionList,
  Field,
  Form,
  LinkButton,
  SelectField,
  Table,
  TextArea,
} from '../../../platform/views/components.js';
import { formatZonedDateTime, zoneLabel } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { ArrivalDetailDto, IncomingIncidentDto, TriageLevelDto } from '../ed.schemas.js';
import { ARRIVAL_MODES, ARRIVAL_OUTCOMES, UNIDENTIFIED_SEXES } from '../ed.vocabulary.js';
import { LevelChip, PatientCell, patientNameOf, WaitCell } from './ed-board.js';

const when = (ctx: PageContext, iso: string) => formatZonedDateTime(ctx.locale, new Date(iso), ctx.timeZone, 'short');
const levelOptions = (scale: TriageLevelDto[]) => scale.map((l) => ({ value: String(l.level), label: l.label }));
const text = (values: Record<string, unknown>, key: string) => (typeof values[key] === 'string' ? values[key] : undefined);

/** Register an arrival: by MRN (an existing patient) or from an incoming emergency incident. */
export function NewArrivalPage(props: {
  ctx: PageContext;
  scale: TriageLevelDto[];
  incoming: IncomingIncidentDto[];
  values: Record<string, unknown>;
  errors: FieldError[];
  problem?: string;
}) {
  const { ctx, values, errors } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('ed.register_arrival')}>
      <PageHeader title={t('ed.register_arrival')} actions={<LinkButton href="/staff/ed">{t('ed.back_to_board')}</LinkButton>} />
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card>
        <Form ctx={ctx} action="/staff/ed/arrivals" id="ed-arrival-form">
          <p class="hint">{t('ed.patient_hint')}</p>
          <SelectField
            name="incidentId"
            label={t('ed.field_incident')}
            includeBlank={t('ed.no_incident')}
            value={text(values, 'incidentId')}
            errors={errors}
            options={props.incoming.map((i) => ({
              value: i.incidentId,
              label: `${i.patient.name} (${i.patient.mrn}) · ${t(`ed.incident_${i.status}`)}`,
            }))}
          />
          <Field name="mrn" label={t('ed.field_mrn')} value={text(values, 'mrn')} errors={errors} maxLength={40} autocomplete="off" />
          <fieldset class="fieldset" id="ed-unidentified">
            <legend>{t('ed.unidentified_legend')}</legend>
            <p class="hint">{t('ed.unidentified_hint')}</p>
            <Checkbox name="unidentified" label={t('ed.field_unidentified')} checked={values.unidentified === 'true'} />
            <SelectField
              name="sex"
              label={t('ed.field_sex_if_known')}
              value={text(values, 'sex') ?? 'unknown'}
              errors={errors}
              options={UNIDENTIFIED_SEXES.map((s) => ({ value: s, label: t(`ed.sex_${s}`) }))}
            />
            <Field
              name="approximateAge"
              label={t('ed.field_approximate_age')}
              value={text(values, 'approximateAge')}
              errors={errors}
              type="number"
              inputMode="numeric"
            />
          </fieldset>
          <SelectField
            name="mode"
            label={t('ed.field_mode')}
            value={text(values, 'mode') ?? (text(values, 'incidentId') ? 'ambulance' : 'walk_in')}
            errors={errors}
            required
            options={ARRIVAL_MODES.map((m) => ({ value: m, label: t(`ed.mode_${m}`) }))}
          />
          <TextArea name="chiefComplaint" label={t('ed.field_complaint')} value={text(values, 'chiefComplaint')} errors={errors} rows={2} />
          <SelectField
            name="level"
            label={t('ed.field_level_optional')}
            includeBlank={t('ed.triage_later')}
            value={text(values, 'level')}
            errors={errors}
            options={levelOptions(props.scale)}
          />
          <div class="form-actions">
            <Button>{t('ed.register')}</Button>
          </div>
        </Form>
      </Card>
    </Layout>
  );
}

function ArrivalActions(props: { ctx: PageContext; arrival: ArrivalDetailDto; scale: TriageLevelDto[]; errors: FieldError[] }) {
  const { ctx, arrival, errors } = props;
  const { t } = ctx;
  return (
    <>
      <Card title={arrival.level === null ? t('ed.triage_title') : t('ed.retriage_title')} id="ed-triage">
        <Form ctx={ctx} action={`/staff/ed/arrivals/${arrival.id}/triage`} id="ed-triage-form">
          <SelectField
            name="level"
            label={t('ed.field_level')}
            includeBlank={t('ed.choose')}
            value={arrival.level === null ? undefined : String(arrival.level)}
            errors={errors}
            required
            options={levelOptions(props.scale)}
          />
          <TextArea name="note" label={t('ed.field_note')} errors={errors} rows={2} />
          <div class="form-actions">
            <Button>{t('ed.save_triage')}</Button>
          </div>
        </Form>
      </Card>
      <Card title={t('ed.progress_title')} id="ed-progress">
        {!arrival.seenAt && (
          <Form ctx={ctx} action={`/staff/ed/arrivals/${arrival.id}/seen`} id="ed-seen-form">
            <Button variant="secondary">{t('ed.mark_seen')}</Button>
          </Form>
        )}
        <Form ctx={ctx} action={`/staff/ed/arrivals/${arrival.id}/close`} id="ed-close-form" confirm={t('ed.close_confirm')}>
          <SelectField
            name="outcome"
            label={t('ed.field_outcome')}
            includeBlank={t('ed.choose')}
            errors={errors}
            required
            options={ARRIVAL_OUTCOMES.map((o) => ({ value: o, label: t(`ed.outcome_${o}`) }))}
          />
          <div class="form-actions">
            <Button>{t('ed.close')}</Button>
          </div>
        </Form>
      </Card>
    </>
  );
}

/** Identify a patient registered as unidentified: the real names, birth date and sex (the MRN and records stay). */
function IdentifyCard(props: { ctx: PageContext; arrival: ArrivalDetailDto; errors: FieldError[] }) {
  const { ctx, arrival, errors } = props;
  const { t } = ctx;
  return (
    <Card title={t('ed.identify_title')} id="ed-identify">
      <p class="hint">{t('ed.identify_hint', { mrn: arrival.patient.mrn })}</p>
      <Form ctx={ctx} action={`/staff/ed/arrivals/${arrival.id}/identify`} id="ed-identify-form">
        <Field name="givenName" label={t('ed.field_given_name')} errors={errors} required maxLength={100} autocomplete="off" />
        <Field name="familyName" label={t('ed.field_family_name')} errors={errors} required maxLength={100} autocomplete="off" />
        <Field name="birthDate" label={t('ed.field_birth_date')} errors={errors} required type="date" />
        <SelectField
          name="sex"
          label={t('ed.field_sex')}
          value={arrival.patient.unidentified?.sex ?? 'unknown'}
          errors={errors}
          required
          options={(['female', 'male', 'other', 'unknown'] as const).map((s) => ({ value: s, label: t(`patients.sex_${s}`) }))}
        />
        <div class="form-actions">
          <Button>{t('ed.identify')}</Button>
        </div>
      </Form>
    </Card>
  );
}

/** One arrival: details, the triage history, triage / re-triage, seen, discharged or admitted. */
export function ArrivalPage(props: {
  ctx: PageContext;
  arrival: ArrivalDetailDto;
  scale: TriageLevelDto[];
  errors?: FieldError[];
  problem?: string;
  notice?: string;
}) {
  const { ctx, arrival } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('ed.arrival_title')}>
      <PageHeader
        title={`${patientNameOf(ctx, arrival.patient)} (${arrival.patient.mrn})`}
        actions={
          <>
            <LinkButton href={`/staff/patients/${arrival.patient.id}/chart`}>{t('ed.open_chart')}</LinkButton>
            <LinkButton href="/staff/ed">{t('ed.back_to_board')}</LinkButton>
          </>
        }
      />
      {arrival.patient.unidentified && (
        <p>
          <PatientCell ctx={ctx} patient={arrival.patient} />
        </p>
      )}
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      <Card title={t('ed.arrival_title')}>
        <DescriptionList
          items={[
            [t('ed.col_level'), <LevelChip ctx={ctx} arrival={arrival} />],
            [t('ed.col_complaint'), arrival.chiefComplaint],
            [t('ed.col_mode'), t(`ed.mode_${arrival.mode}`)],
            [t('ed.arrived_at'), when(ctx, arrival.arrivedAt)],
            [arrival.seenAt ? t('ed.time_to_seen') : t('ed.col_waited'), <WaitCell ctx={ctx} arrival={arrival} />],
            [t('ed.seen_at'), arrival.seenAt ? when(ctx, arrival.seenAt) : t('ed.not_seen')],
            [
              t('ed.field_outcome'),
              arrival.outcome ? `${t(`ed.outcome_${arrival.outcome}`)} · ${when(ctx, arrival.closedAt!)}` : t('ed.open'),
            ],
          ]}
        />
      </Card>
      <Card title={t('ed.history_title')} id="ed-history">
        <Table
          caption={t('ed.history_title')}
          rows={arrival.triageHistory}
          empty={t('ed.history_empty')}
          columns={[
            { header: t('ed.col_when', { zone: zoneLabel(ctx.timeZone) }), cell: (h) => when(ctx, h.assessedAt) },
            { header: t('ed.col_level'), cell: (h) => h.levelLabel },
            { header: t('ed.col_by'), cell: (h) => h.assessedByName ?? '—' },
            { header: t('ed.field_note'), cell: (h) => h.note ?? '—' },
          ]}
        />
      </Card>
      {arrival.patient.unidentified && <IdentifyCard ctx={ctx} arrival={arrival} errors={props.errors ?? []} />}
      {!arrival.closedAt && <ArrivalActions ctx={ctx} arrival={arrival} scale={props.scale} errors={props.errors ?? []} />}
    </Layout>
  );
}
