import { Card, DescriptionList, Form, Button, LinkButton } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatInstant } from '../../../../platform/views/format.js';
import type { DocumentView } from '../documents.schemas.js';
import { categoryLabel, formatSize, typeLabel } from './document-list.js';

export const PDF_VIEWER_SCRIPT = '/assets/records/document-viewer.mjs';

/**
 * One document. Images are shown in the page (an <img> on a same-origin, image-only URL); PDFs are
 * drawn on canvases by the bundled pdf.js (a module script, no inline code); DICOM studies show
 * their metadata. Every kind has a download link (always an attachment).
 */
export function DocumentViewPage(props: { ctx: PageContext; document: DocumentView; backHref: string; mayRetract: boolean }) {
  const { ctx, document: d } = props;
  const { t } = ctx;
  const download = `/documents/${d.id}/download`;
  const isImage = d.contentType === 'image/png' || d.contentType === 'image/jpeg';
  const isPdf = d.contentType === 'application/pdf';
  return (
    <Layout ctx={ctx} title={d.title} wide>
      <link rel="stylesheet" href="/assets/records/document-viewer.css" />
      <PageHeader
        title={d.title}
        subtitle={`${categoryLabel(ctx, d.category)} · ${typeLabel(ctx, d.contentType)} · ${formatSize(d.sizeBytes)}`}
        actions={
          <>
            <a class="btn btn--primary" href={download} download>
              {t('records.doc_download')}
            </a>
            <LinkButton href={props.backHref} variant="secondary">
              {t('records.doc_back')}
            </LinkButton>
          </>
        }
      />
      <Card title={t('records.doc_details')}>
        <DescriptionList
          items={[
            [t('records.doc_col_category'), categoryLabel(ctx, d.category)],
            [t('records.doc_col_uploaded'), formatInstant(ctx.locale, d.uploadedAt, ctx.timeZone)],
            [t('records.doc_uploaded_by'), d.uploadedByName],
            [t('records.doc_col_source'), t(d.source === 'patient' ? 'records.doc_source_patient' : 'records.doc_source_staff')],
            ...(d.dicom
              ? ([
                  [t('records.doc_dicom_modality'), d.dicom.modality],
                  [t('records.doc_dicom_study_date'), d.dicom.studyDate],
                  [t('records.doc_dicom_description'), d.dicom.description],
                ] as [string, string | null][])
              : []),
          ]}
        />
      </Card>
      {isImage && (
        <Card title={t('records.doc_preview')}>
          <img class="document-image" src={`/documents/${d.id}/image`} alt={d.title} />
        </Card>
      )}
      {isPdf && (
        <Card title={t('records.doc_preview')}>
          <div
            class="pdf-viewer"
            id="pdf-viewer"
            data-src={download}
            data-worker="/assets/records/pdf.worker.min.mjs"
            data-library="/assets/records/pdf.min.mjs"
            data-page-label={t('records.doc_pdf_page')}
            data-error={t('records.doc_pdf_error')}
            aria-live="polite"
          >
            <p class="hint">{t('records.doc_pdf_loading')}</p>
            <noscript>{t('records.doc_pdf_noscript')}</noscript>
          </div>
          <script type="module" src={PDF_VIEWER_SCRIPT}></script>
        </Card>
      )}
      {d.contentType === 'application/dicom' && <p class="hint">{t('records.doc_dicom_hint')}</p>}
      {props.mayRetract && (
        <Card title={t('records.doc_retract_title')}>
          <p class="hint">{t('records.doc_retract_hint')}</p>
          <Form ctx={ctx} action={`/documents/${d.id}/delete`} confirm={t('records.doc_retract_confirm')}>
            <Button variant="danger">{t('records.doc_retract')}</Button>
          </Form>
        </Card>
      )}
    </Layout>
  );
}
