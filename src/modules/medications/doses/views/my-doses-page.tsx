import { Alert, Button, Card, Form, EmptyState } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatDose, formatWhen } from '../../views/prescription-format.js';
import type { MedicineAdherence } from '../services/adherence.service.js';
import type { DoseDto } from '../services/dose-view.js';
import { EARLY_RECORD_MS } from '../services/my-doses.service.js';
import { AdherenceTable, DoseStatusChip } from './dose-parts.js';

/** The patient's doses: one large card per dose to act on, then the rest of the day, then adherence. */
export function MyDosesPage(props: { ctx: PageContext; now: Date; doses: DoseDto[]; adherence: MedicineAdherence[]; message?: string }) {
  const { ctx, now } = props;
  const { t } = ctx;
  const actionable = props.doses.filter((d) => d.status === 'pending' && Date.parse(d.dueAt) <= now.getTime() + EARLY_RECORD_MS);
  const later = props.doses.filter((d) => d.status === 'pending' && !actionable.includes(d));
  const recorded = props.doses.filter((d) => d.status !== 'pending');
  return (
    <Layout ctx={ctx} title={t('doses.my_title')}>
      <PageHeader title={t('doses.my_title')} subtitle={t('doses.my_subtitle')} />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      <h2>{t('doses.due_now')}</h2>
      {actionable.length === 0 && <EmptyState title={t('doses.nothing_due')} />}
      {actionable.map((d) => (
        <Card title={d.medicine}>
          <p>
            {formatDose(ctx, d.dose)} · {formatWhen(ctx, new Date(d.dueAt))} <DoseStatusChip ctx={ctx} dose={d} />
          </p>
          {d.snoozedUntil && <p class="hint">{t('doses.snoozed_until', { time: formatWhen(ctx, new Date(d.snoozedUntil)) })}</p>}
          <div class="inline-form">
            {(['taken', 'skipped', 'snooze'] as const).map((action) => (
              <Form ctx={ctx} action={`/portal/doses/${d.id}/${action}`} class="inline-form">
                <Button variant={action === 'taken' ? 'primary' : 'secondary'}>{t(`doses.action_${action}`)}</Button>
              </Form>
            ))}
          </div>
        </Card>
      ))}
      <h2>{t('doses.later_today')}</h2>
      {later.length === 0 ? (
        <EmptyState title={t('doses.nothing_later')} />
      ) : (
        <ul class="list">
          {later.map((d) => (
            <li>
              {formatWhen(ctx, new Date(d.dueAt))} — {d.medicine}, {formatDose(ctx, d.dose)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('doses.recorded')}</h2>
      {recorded.length === 0 ? (
        <EmptyState title={t('doses.nothing_recorded')} />
      ) : (
        <ul class="list">
          {recorded.map((d) => (
            <li>
              {formatWhen(ctx, new Date(d.dueAt))} — {d.medicine} <DoseStatusChip ctx={ctx} dose={d} />
            </li>
          ))}
        </ul>
      )}
      <h2>{t('doses.adherence_title')}</h2>
      <AdherenceTable ctx={ctx} items={props.adherence} />
    </Layout>
  );
}
