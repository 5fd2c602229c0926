import { Badge } from '../../../platform/views/components.js';
import { formatNumber } from '../../../platform/views/format.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { minorDigits } from '../money.js';
import type { InvoiceStatus } from '../billing.vocabulary.js';

/** An amount in the viewer's locale and the invoice's currency: "€1,234.50", "١٬٢٣٤٫٥٠ €". */
export function formatMoney(locale: string, minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return formatNumber(locale, minor / 10 ** digits, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function Money(props: { ctx: PageContext; minor: number; currency: string }) {
  return <span class="money">{formatMoney(props.ctx.locale, props.minor, props.currency)}</span>;
}

/** A tax rate in basis points as a percentage in the viewer's locale: 2000 → "20%", 550 → "5.5%". */
export function formatRate(locale: string, basisPoints: number): string {
  return formatNumber(locale, basisPoints / 10_000, { style: 'percent', maximumFractionDigits: 2 });
}

const TONES: Record<InvoiceStatus, 'neutral' | 'info' | 'warning' | 'success' | 'danger'> = {
  draft: 'neutral',
  issued: 'info',
  partly_paid: 'warning',
  paid: 'success',
  void: 'danger',
};

export function InvoiceStatusBadge(props: { ctx: PageContext; status: InvoiceStatus }) {
  return <Badge kind={TONES[props.status]}>{props.ctx.t(`billing.invoice_status_${props.status}`)}</Badge>;
}
