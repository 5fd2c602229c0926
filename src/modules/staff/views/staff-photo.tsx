import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Form, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { Icon } from '../../../platform/views/icons.js';

/** Where the photo form was sent from, so the person lands back there. */
export type PhotoFormOrigin = 'home' | 'admin';

export interface PhotoSubject {
  staffId: string;
  name: string;
  photoUrl: string | null;
}

/** A small portrait for tables; the name is the alternative text. */
export function StaffAvatar(props: { name: string; photoUrl: string | null; size?: number }) {
  if (!props.photoUrl) return null;
  const size = String(props.size ?? 40);
  return <img class="staff-photo" src={props.photoUrl} alt={props.name} width={size} height={size} loading="lazy" decoding="async" />;
}

/**
 * The photo card: the current photo and a multipart upload form. The Form component cannot send
 * files, so this form carries the same hidden fields itself (CSRF token and one-time key), BEFORE
 * the file, where the upload hook reads them.
 */
export function StaffPhotoCard(props: {
  ctx: PageContext;
  subject: PhotoSubject;
  from: PhotoFormOrigin;
  title: string;
  errors?: FieldError[];
}) {
  const { ctx, subject } = props;
  const { t } = ctx;
  const error = props.errors?.find((e) => e.path === 'photo')?.message;
  const action = `/staff/${subject.staffId}/photo`;
  return (
    <Card title={props.title} id="photo">
      {subject.photoUrl ? (
        <StaffAvatar name={subject.name} photoUrl={subject.photoUrl} size={120} />
      ) : (
        <p class="hint">{t('staff.photo_none')}</p>
      )}
      <form method="post" action={action} enctype="multipart/form-data" class="form">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <input type="hidden" name="_idempotency" value={crypto.randomUUID()} />
        <input type="hidden" name="from" value={props.from} />
        <div class={`field${error ? ' field--invalid' : ''}`}>
          <label for="f-photo">{t('staff.photo_field')}</label>
          <p class="hint" id="f-photo-hint">
            {t('staff.photo_hint')}
          </p>
          <input
            type="file"
            id="f-photo"
            name="photo"
            accept="image/png,image/jpeg"
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-photo-hint f-photo-error' : 'f-photo-hint'}
          />
          {error && (
            <p class="field-error" id="f-photo-error">
              <Icon name="circle-alert" />
              {error}
            </p>
          )}
        </div>
        <Button>{t('staff.photo_upload')}</Button>
      </form>
      {subject.photoUrl && (
        <Form ctx={ctx} action={`${action}/delete`} confirm={t('staff.photo_confirm_remove')}>
          <input type="hidden" name="from" value={props.from} />
          <Button variant="secondary">{t('staff.photo_remove')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** Shown when an upload is refused: the message beside the field, and the way back. */
export function StaffPhotoPage(props: { ctx: PageContext; subject: PhotoSubject; from: PhotoFormOrigin; errors: FieldError[] }) {
  const { ctx, subject } = props;
  const { t } = ctx;
  const back = props.from === 'admin' ? `/admin/staff/${subject.staffId}` : '/staff';
  return (
    <Layout ctx={ctx} title={t('staff.photo_page_title', { name: subject.name })}>
      <PageHeader title={t('staff.photo_page_title', { name: subject.name })} />
      <Alert kind="danger" title={t('staff.photo_not_saved')} />
      <StaffPhotoCard ctx={ctx} subject={subject} from={props.from} title={t('staff.photo_card')} errors={props.errors} />
      <LinkButton href={back} variant="secondary">
        {t('staff.photo_back')}
      </LinkButton>
    </Layout>
  );
}
