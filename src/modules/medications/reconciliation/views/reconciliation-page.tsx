import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Form, LinkButton, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { PatientBanner, type BannerAllergy, type BannerPatient } from '../../../../platform/views/patient-banner.js';
import { formatDose, formatFrequency, formatWhen } from '../../views/prescription-format.js';
import { RECONCILIATION_DECISIONS } from '../reconciliation.vocabulary.js';
import type { ReconciliationDto } from '../reconciliation.schemas.js';
import type { ActiveMedicineLine } from '../services/reconciliation-pages.service.js';

/** The form field of a medicine's decision and reason: `d_rx_<id>` / `d_out_<id>`, `r_rx_<id>` / `r_out_<id>`. */
export const decisionField = (m: { kind: 'prescription' | 'outside'; id: string }) =>
  `d_${m.kind === 'prescription' ? 'rx' : 'out'}_${m.id}`;
export const reasonField = (m: { kind: 'prescription' | 'outside'; id: string }) => `r_${m.kind === 'prescription' ? 'rx' : 'out'}_${m.id}`;

function DecisionCell(props: { ctx: PageContext; medicine: ActiveMedicineLine; values: Record<string, string>; errors: FieldError[] }) {
  const { ctx, medicine: m } = props;
  const { t } = ctx;
  const name = decisionField(m);
  const chosen = props.values[name] ?? 'continue';
  const error = props.errors.find((e) => e.path === name || e.path === reasonField(m));
  const choices = RECONCILIATION_DECISIONS.filter((d) => d !== 'change' || m.kind === 'prescription');
  return (
    <fieldset class={`field${error ? ' field--invalid' : ''}`}>
      <legend class="visually-hidden">{t('medrec.decision_for', { name: m.name })}</legend>
      {choices.map((d) => (
        <label class="choice">
          <input type="radio" name={name} value={d} checked={chosen === d} /> {t(`medrec.decision_${d}`)}
        </label>
      ))}
      <label for={`f-${reasonField(m)}`}>{t('medrec.stop_reason')}</label>
      <input id={`f-${reasonField(m)}`} name={reasonField(m)} value={props.values[reasonField(m)] ?? ''} maxLength={500} />
      {error && <p class="field-error">{error.message}</p>}
    </fieldset>
  );
}

/**
 * Medication reconciliation at an encounter: every active medicine (prescriptions of the hospital
 * and medicines taken from outside) with continue / stop (reason) / change, a link to record a
 * medicine from outside, and the reconciliations already recorded here. "Change" keeps the
 * prescription until a replacing one is signed: after recording, each links to its new draft.
 */
export function ReconciliationPage(props: {
  ctx: PageContext;
  now: Date;
  encounterId: string;
  patient: BannerPatient & { id: string };
  allergies: BannerAllergy[];
  medicines: ActiveMedicineLine[];
  history: ReconciliationDto[];
  values: Record<string, string>;
  errors: FieldError[];
  problem?: string;
  done?: boolean;
}) {
  const { ctx, patient } = props;
  const { t } = ctx;
  const latest = props.history[0];
  const changes = latest?.items.filter((i) => i.decision === 'change' && i.prescriptionId) ?? [];
  return (
    <Layout ctx={ctx} title={t('medrec.title')} wide>
      <PatientBanner ctx={ctx} patient={patient} allergies={props.allergies} now={props.now} />
      <PageHeader
        title={t('medrec.title')}
        actions={
          <>
            <LinkButton href={`/staff/patients/${patient.id}/outside-medicines/new?encounter=${props.encounterId}`} variant="primary">
              {t('medrec.add_outside')}
            </LinkButton>
            <LinkButton href={`/staff/encounters/${props.encounterId}`}>{t('medrec.back_to_encounter')}</LinkButton>
            <LinkButton href={`/staff/patients/${patient.id}/medicines`}>{t('medrec.all_medicines')}</LinkButton>
          </>
        }
      />
      {props.done && <Alert kind="success">{t('medrec.recorded')}</Alert>}
      {props.problem && <Alert kind="danger">{props.problem}</Alert>}
      {changes.length > 0 && (
        <Alert kind="info" title={t('medrec.changes_title')}>
          <ul>
            {changes.map((c) => (
              <li>
                <a href={`/staff/patients/${patient.id}/medicines/new?replaces=${c.prescriptionId}`}>
                  {t('medrec.write_replacement', { name: c.medicineName })}
                </a>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Card title={t('medrec.active_title')}>
        <Form ctx={ctx} action={`/staff/encounters/${props.encounterId}/reconciliation`}>
          <Table
            caption={t('medrec.active_caption')}
            rows={props.medicines}
            empty={t('medrec.active_empty')}
            columns={[
              {
                header: t('medrec.col_medicine'),
                cell: (m) =>
                  m.kind === 'prescription' ? (
                    <a href={`/staff/prescriptions/${m.id}`}>{m.name}</a>
                  ) : (
                    <>
                      {m.name}
                      <br />
                      <small>
                        {t('medrec.taken_from_outside')} · {t(`medrec.source_${m.outside!.source}`)}
                        {m.outside!.startedOn && <> · {t('medrec.started_on', { date: m.outside!.startedOn })}</>}
                      </small>
                    </>
                  ),
              },
              { header: t('medrec.col_dose'), cell: (m) => (m.dose ? formatDose(ctx, m.dose) : '—') },
              {
                header: t('medrec.col_frequency'),
                cell: (m) => (m.frequency ? formatFrequency(ctx, m.frequency) : (m.frequencyText ?? '—')),
              },
              {
                header: t('medrec.col_decision'),
                cell: (m) => <DecisionCell ctx={ctx} medicine={m} values={props.values} errors={props.errors} />,
              },
            ]}
          />
          {props.medicines.length > 0 && <Button>{t('medrec.record')}</Button>}
        </Form>
      </Card>
      <Card title={t('medrec.history_title')}>
        <Table
          caption={t('medrec.history_caption')}
          rows={props.history.flatMap((h) => h.items.map((i) => ({ ...i, at: h.createdAt })))}
          empty={t('medrec.history_empty')}
          columns={[
            { header: t('medrec.col_when'), cell: (i) => formatWhen(ctx, i.at) },
            { header: t('medrec.col_medicine'), cell: (i) => i.medicineName },
            { header: t('medrec.col_decision'), cell: (i) => t(`medrec.decision_${i.decision}`) },
            { header: t('medrec.stop_reason'), cell: (i) => i.stopReason ?? '—' },
          ]}
        />
      </Card>
    </Layout>
  );
}
