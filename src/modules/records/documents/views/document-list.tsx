import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Badge, Button, Card, Form, Table } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import { formatInstant } from '../../../../platform/views/format.js';
import { DOCUMENT_CATEGORIES } from '../documents.tables.js';
import type { DocumentView } from '../documents.schemas.js';
import { Icon } from '../../../../platform/views/icons.js';

/** Where the list lives: the patient's portal or a patient's page in the staff area. */
export interface DocumentsPlace {
  audience: 'patient' | 'staff';
  /** The list page (GET) and the upload form's target (POST). */
  href: string;
  title: string;
}

export const categoryLabel = (ctx: PageContext, category: string) => ctx.t(`records.doc_category_${category}`);

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function typeLabel(ctx: PageContext, contentType: string): string {
  const key =
    { 'application/pdf': 'pdf', 'image/png': 'image', 'image/jpeg': 'image', 'application/dicom': 'dicom' }[contentType] ?? 'other';
  return ctx.t(`records.doc_type_${key}`);
}

/**
 * The upload form. The file comes LAST: the upload hook reads the CSRF token, the one-time key,
 * the category and the title before it, and the service checks them before a byte is stored.
 */
export function DocumentUploadForm(props: { ctx: PageContext; action: string; values?: Record<string, unknown>; errors?: FieldError[] }) {
  const { ctx } = props;
  const { t } = ctx;
  const errorFor = (name: string) => props.errors?.find((e) => e.path === name)?.message;
  const fileError = errorFor('file');
  const titleError = errorFor('title');
  const categoryError = errorFor('category');
  const value = (name: string) => (typeof props.values?.[name] === 'string' ? props.values[name] : '');
  return (
    <Form ctx={ctx} action={props.action} enctype="multipart/form-data" class="form form--large">
      <div class={`field${categoryError ? ' field--invalid' : ''}`}>
        <label for="f-category">{t('records.doc_field_category')}</label>
        <select
          id="f-category"
          name="category"
          required
          aria-invalid={categoryError ? 'true' : undefined}
          aria-describedby={categoryError ? 'f-category-error' : undefined}
        >
          <option value="">{t('records.doc_choose_category')}</option>
          {DOCUMENT_CATEGORIES.map((c) => (
            <option value={c} selected={value('category') === c}>
              {categoryLabel(ctx, c)}
            </option>
          ))}
        </select>
        {categoryError && (
          <p class="field-error" id="f-category-error">
            <Icon name="circle-alert" />
            {categoryError}
          </p>
        )}
      </div>
      <div class={`field${titleError ? ' field--invalid' : ''}`}>
        <label for="f-title">{t('records.doc_field_title')}</label>
        <input
          type="text"
          id="f-title"
          name="title"
          required
          maxLength={200}
          value={value('title')}
          aria-invalid={titleError ? 'true' : undefined}
          aria-describedby={titleError ? 'f-title-error' : undefined}
        />
        {titleError && (
          <p class="field-error" id="f-title-error">
            <Icon name="circle-alert" />
            {titleError}
          </p>
        )}
      </div>
      <div class={`field${fileError ? ' field--invalid' : ''}`}>
        <label for="f-file">{t('records.doc_field_file')}</label>
        <p class="hint" id="f-file-hint">
          {t('records.doc_file_hint')}
        </p>
        <input
          type="file"
          id="f-file"
          name="file"
          accept="application/pdf,image/png,image/jpeg,application/dicom,.pdf,.png,.jpg,.jpeg,.dcm"
          required
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={fileError ? 'f-file-hint f-file-error' : 'f-file-hint'}
        />
        {fileError && (
          <p class="field-error" id="f-file-error">
            <Icon name="circle-alert" />
            {fileError}
          </p>
        )}
      </div>
      <Button>{t('records.doc_upload')}</Button>
    </Form>
  );
}

export function DocumentsTable(props: { ctx: PageContext; documents: DocumentView[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Table<DocumentView>
      caption={t('records.doc_list_caption')}
      rows={props.documents}
      empty={t('records.doc_none')}
      columns={[
        { header: t('records.doc_col_title'), cell: (d) => <a href={`/documents/${d.id}/view`}>{d.title}</a> },
        { header: t('records.doc_col_category'), cell: (d) => categoryLabel(ctx, d.category) },
        {
          header: t('records.doc_col_type'),
          cell: (d) => `${typeLabel(ctx, d.contentType)}${d.dicom?.modality ? ` · ${d.dicom.modality}` : ''} · ${formatSize(d.sizeBytes)}`,
        },
        { header: t('records.doc_col_uploaded'), cell: (d) => formatInstant(ctx.locale, d.uploadedAt, ctx.timeZone) },
        {
          header: t('records.doc_col_source'),
          cell: (d) => (
            <Badge kind={d.source === 'patient' ? 'info' : 'neutral'}>
              {t(d.source === 'patient' ? 'records.doc_source_patient' : 'records.doc_source_staff')}
            </Badge>
          ),
        },
        {
          header: t('records.doc_col_download'),
          cell: (d) => (
            <a href={`/documents/${d.id}/download`} download>
              {t('records.doc_download')}
            </a>
          ),
        },
      ]}
    />
  );
}

export function DocumentsPage(props: {
  ctx: PageContext;
  place: DocumentsPlace;
  documents: DocumentView[];
  notice?: 'uploaded' | 'removed';
  values?: Record<string, unknown>;
  errors?: FieldError[];
}) {
  const { ctx, place } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={place.title}>
      <link rel="stylesheet" href="/assets/records/document-viewer.css" />
      <PageHeader title={place.title} />
      {props.notice && <Alert kind="success" title={t(props.notice === 'uploaded' ? 'records.doc_uploaded' : 'records.doc_removed')} />}
      {props.errors && <Alert kind="danger" title={t('records.doc_not_saved')} />}
      <Card title={t('records.doc_upload_card')} id="upload">
        {place.audience === 'patient' && <p class="hint">{t('records.doc_patient_intro')}</p>}
        <DocumentUploadForm ctx={ctx} action={place.href} values={props.values} errors={props.errors} />
      </Card>
      <Card title={t('records.doc_list_title')} id="documents">
        <DocumentsTable ctx={ctx} documents={props.documents} />
      </Card>
    </Layout>
  );
}
