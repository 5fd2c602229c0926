import { formatNumber } from '../../../../platform/views/format.js';
import { StatusChip, Table, type Tone } from '../../../../platform/views/components.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { DoseStatus } from '../doses.tables.js';
import type { AdherenceFigure, MedicineAdherence } from '../services/adherence.service.js';
import type { DoseDto } from '../services/dose-view.js';

const TONES: Record<DoseStatus, Tone> = { pending: 'info', taken: 'ok', given: 'ok', skipped: 'warning', not_given: 'warning' };

/** A dose's status as icon and word; an unrecorded dose past its time reads "overdue". */
export function DoseStatusChip(props: { ctx: PageContext; dose: DoseDto }) {
  const { t } = props.ctx;
  if (props.dose.overdue) return <StatusChip tone="danger">{t('doses.status_overdue')}</StatusChip>;
  return <StatusChip tone={TONES[props.dose.status]}>{t(`doses.status_${props.dose.status}`)}</StatusChip>;
}

/** "8 of 10 (80 %)", or "no dose due yet". */
export function formatFigure(ctx: PageContext, f: AdherenceFigure): string {
  if (f.percent === null) return ctx.t('doses.adherence_none');
  const percent = formatNumber(ctx.locale, f.percent / 100, { style: 'percent' });
  return ctx.t('doses.adherence_figure', { taken: f.taken, due: f.due, percent });
}

/** Adherence per medicine over 7 and 30 days, with how it is counted. */
export function AdherenceTable(props: { ctx: PageContext; items: MedicineAdherence[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <>
      <Table
        caption={t('doses.adherence_title')}
        rows={props.items}
        empty={t('doses.adherence_empty')}
        columns={[
          { header: t('doses.col_medicine'), cell: (a) => a.productName },
          { header: t('doses.col_last_7'), cell: (a) => formatFigure(ctx, a.last7Days) },
          { header: t('doses.col_last_30'), cell: (a) => formatFigure(ctx, a.last30Days) },
        ]}
      />
      <p class="hint">{t('doses.adherence_explained')}</p>
    </>
  );
}
