import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, EmptyState, Form, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { localDateTimeInputValue } from '../../../../platform/time/zoned-time.js';
import { unitLabel } from '../../views/format.js';
import { formatDose, formatWhen } from '../../views/prescription-format.js';
import { NOT_GIVEN_REASONS } from '../doses.tables.js';
import type { DepartmentDoses } from '../services/administration.service.js';
import { DoseStatusChip } from './dose-parts.js';

export interface AdministrationFailure {
  doseId: string;
  message?: string;
  errors: FieldError[];
}

/** The nurse's administration round: due and overdue doses of the department's patients, each with "given" and "not given". */
export function AdministrationPage(props: { ctx: PageContext; now: Date; data: DepartmentDoses; failure?: AdministrationFailure }) {
  const { ctx, data, failure } = props;
  const { t } = ctx;
  const names = new Map(data.patients.map((p) => [p.id, p]));
  return (
    <Layout ctx={ctx} title={t('doses.admin_title')} wide>
      <PageHeader title={t('doses.admin_title')} subtitle={t('doses.admin_subtitle', { zone: ctx.timeZone })} />
      {data.departmentId === null && <Alert kind="info">{t('doses.admin_no_department')}</Alert>}
      {failure?.message && <Alert kind="danger">{failure.message}</Alert>}
      {data.departmentId !== null && data.patients.length === 0 && <EmptyState title={t('doses.admin_no_patients')} />}
      {data.patients.length > 0 && (
        <Table
          caption={t('doses.admin_title')}
          rows={data.doses}
          empty={t('doses.admin_empty')}
          columns={[
            { header: t('doses.col_due'), cell: (d) => formatWhen(ctx, new Date(d.dueAt)) },
            {
              header: t('doses.col_patient'),
              cell: (d) => {
                const p = names.get(d.patientId);
                return p ? (
                  <a href={`/staff/patients/${p.id}/chart`}>
                    {p.name} ({p.mrn})
                  </a>
                ) : null;
              },
            },
            { header: t('doses.col_medicine'), cell: (d) => `${d.medicine} · ${formatDose(ctx, d.dose)}` },
            { header: t('doses.col_status'), cell: (d) => <DoseStatusChip ctx={ctx} dose={d} /> },
            {
              header: t('doses.col_record'),
              cell: (d) => {
                const errors = failure?.doseId === d.id ? failure.errors : [];
                const id = (name: string) => `f-${name}-${d.id}`;
                const errorOf = (path: string) => errors.find((e) => e.path === path)?.message;
                return (
                  <>
                    <Form ctx={ctx} action={`/staff/doses/${d.id}/given`} class="inline-form">
                      <div class="field">
                        <label for={id('administeredAt')}>{t('doses.field_given_at')}</label>
                        <input
                          id={id('administeredAt')}
                          type="datetime-local"
                          name="administeredAt"
                          value={localDateTimeInputValue(props.now, ctx.timeZone)}
                          required
                        />
                        {errorOf('administeredAt') && <p class="field-error">{errorOf('administeredAt')}</p>}
                      </div>
                      <div class="field">
                        <label for={id('doseValue')}>
                          {t('doses.field_dose', { unit: unitLabel(ctx, d.dose.unit.replace(/^\{(.+)\}$/, '$1')) })}
                        </label>
                        <input
                          id={id('doseValue')}
                          type="number"
                          step="any"
                          min="0"
                          name="doseValue"
                          value={String(d.dose.value)}
                          required
                        />
                        {errorOf('doseValue') && <p class="field-error">{errorOf('doseValue')}</p>}
                      </div>
                      <input type="hidden" name="doseUnit" value={d.dose.unit} />
                      <Button>{t('doses.action_given')}</Button>
                    </Form>
                    <Form ctx={ctx} action={`/staff/doses/${d.id}/not-given`} class="inline-form">
                      <div class="field">
                        <label for={id('reason')}>{t('doses.field_reason')}</label>
                        <select id={id('reason')} name="reason" required>
                          {NOT_GIVEN_REASONS.map((r) => (
                            <option value={r}>{t(`doses.reason_${r}`)}</option>
                          ))}
                        </select>
                      </div>
                      <Button variant="secondary">{t('doses.action_not_given')}</Button>
                    </Form>
                  </>
                );
              },
            },
          ]}
        />
      )}
      <p class="hint">{t('doses.admin_who')}</p>
    </Layout>
  );
}
