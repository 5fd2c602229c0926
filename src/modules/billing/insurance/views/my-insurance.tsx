import { Alert, Button, Card, Form, Table } from '../../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { CardImageDto } from '../insurance.schemas.js';
import { CARD_FIELD, CARD_SIDES } from '../insurance.vocabulary.js';

/** The patient's insurance card: upload the front and back (PNG or JPEG photos), see what was sent. */
export function MyInsurancePage(props: { ctx: PageContext; cards: CardImageDto[]; notice?: string; refusal?: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('insurance.my_insurance_title')}>
      <PageHeader title={t('insurance.my_insurance_title')} subtitle={t('insurance.my_insurance_subtitle')} />
      {props.notice && <Alert kind="success">{t(`insurance.done_${props.notice}`)}</Alert>}
      {props.refusal && <Alert kind="danger">{props.refusal}</Alert>}
      {CARD_SIDES.map((side) => (
        <Card title={t(`insurance.upload_${side}`)}>
          <Form ctx={ctx} action={`/portal/insurance/cards?side=${side}`} enctype="multipart/form-data">
            <div class="field">
              <label for={`f-card-${side}`}>{t('insurance.field_image')}</label>
              <input
                type="file"
                id={`f-card-${side}`}
                name={CARD_FIELD}
                accept="image/png,image/jpeg"
                required
                aria-describedby={`f-card-${side}-hint`}
              />
              <p class="hint" id={`f-card-${side}-hint`}>
                {t('insurance.field_image_hint')}
              </p>
            </div>
            <Button>{t('insurance.upload')}</Button>
          </Form>
        </Card>
      ))}
      <Table
        caption={t('insurance.cards_title')}
        rows={props.cards}
        empty={t('insurance.cards_empty')}
        columns={[
          { header: t('insurance.col_side'), cell: (c) => <a href={`/portal/insurance/cards/${c.id}`}>{t(`insurance.side_${c.side}`)}</a> },
          { header: t('insurance.col_when'), cell: (c) => formatZonedDateTime(ctx.locale, new Date(c.uploadedAt), ctx.timeZone) },
        ]}
      />
      <p>
        <a href="/portal/claims">{t('insurance.my_claims_title')}</a>
      </p>
    </Layout>
  );
}
