import { LinkButton } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { InvoiceDto } from '../billing.schemas.js';

/**
 * The invoice page's links to its documents (docs/billing.md "PDF", "Credit notes"): the PDF for
 * staff and the patient; for billing staff, the invoice's credit notes and adjustments. Ids only in
 * the URLs.
 */
export function InvoiceDocumentLinks(props: { ctx: PageContext; invoice: InvoiceDto; staff: boolean }) {
  const { ctx, invoice, staff } = props;
  const { t } = ctx;
  const pdf = staff ? `/staff/billing/invoices/${invoice.id}/pdf` : `/portal/bills/${invoice.id}/pdf`;
  return (
    <p class="actions">
      <a href={pdf} class="btn btn--secondary" download>
        {t('billing_docs.download_pdf')}
      </a>
      {staff && <LinkButton href={`/staff/billing/invoices/${invoice.id}/credit-notes`}>{t('billing_docs.credit_notes_link')}</LinkButton>}
    </p>
  );
}
