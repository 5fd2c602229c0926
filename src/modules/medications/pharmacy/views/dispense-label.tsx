import { formatCalendarDate } from '../../../../platform/views/format.js';
import { LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatDose, formatFrequency } from '../../views/prescription-format.js';
import type { DispenseLabel } from '../services/dispensing.service.js';

/**
 * The label of one dispense, laid out for printing (carewell.css `.dispense-label`, `@media print`):
 * patient, medicine, how to take it, quantity, lot, expiry, the dispense date and the pharmacy.
 */
export function DispenseLabelPage(props: { ctx: PageContext; label: DispenseLabel }) {
  const { ctx, label } = props;
  const { t } = ctx;
  const p = label.prescription;
  const d = label.dispense;
  return (
    <Layout ctx={ctx} title={t('pharmacy.label_title')}>
      <PageHeader
        title={t('pharmacy.label_title')}
        subtitle={t('pharmacy.label_print_hint')}
        actions={<LinkButton href={`/staff/pharmacy/prescriptions/${p.id}`}>{t('pharmacy.back_to_prescription')}</LinkButton>}
      />
      <article class="dispense-label" aria-label={t('pharmacy.label_title')}>
        <p class="dispense-label-patient">{p.patient.name}</p>
        <p class="dispense-label-product">{p.product.name}</p>
        <p>
          {formatDose(ctx, p.dose)} · {t(`medications.route_${p.route}`)} · {formatFrequency(ctx, p.frequency)}
        </p>
        {p.instructions && <p>{p.instructions}</p>}
        <dl class="dispense-label-facts">
          <dt>{t('pharmacy.col_quantity')}</dt>
          <dd>{formatDose(ctx, d.quantity)}</dd>
          <dt>{t('pharmacy.col_lot')}</dt>
          <dd>{d.lotNumber}</dd>
          <dt>{t('pharmacy.col_expiry')}</dt>
          <dd>{formatCalendarDate(ctx.locale, d.expiresOn)}</dd>
          <dt>{t('pharmacy.label_dispensed_on')}</dt>
          <dd>{formatCalendarDate(ctx.locale, d.dispensedOn)}</dd>
          <dt>{t('pharmacy.col_prescriber')}</dt>
          <dd>{p.prescriber.name ?? '—'}</dd>
        </dl>
        <p class="dispense-label-pharmacy">{t('pharmacy.pharmacy_name')}</p>
      </article>
    </Layout>
  );
}
