import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Field, Form } from '../../../platform/views/components.js';
import { formatZonedDateTime } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { TriageLevelDto } from '../ed.schemas.js';

/** The administrator's triage scale: each level's label and target time, one form per level. */
export function TriageScalePage(props: {
  ctx: PageContext;
  scale: TriageLevelDto[];
  failure?: { level: number; errors: FieldError[]; values: Record<string, unknown>; message?: string };
  notice?: string;
}) {
  const { ctx, failure } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('ed.scale_title')}>
      <PageHeader title={t('ed.scale_title')} subtitle={t('ed.scale_subtitle')} />
      {props.notice && <Alert kind="success">{props.notice}</Alert>}
      {failure?.message && <Alert kind="danger">{failure.message}</Alert>}
      {props.scale.map((level) => {
        const mine = failure?.level === level.level ? failure : undefined;
        const value = (key: 'label' | 'targetMinutes') => {
          const typed = mine?.values[key];
          return typeof typed === 'string' ? typed : String(level[key]);
        };
        return (
          <Card title={t('ed.level_n', { level: level.level })} id={`ed-level-${level.level}`}>
            <Form ctx={ctx} action={`/admin/ed/triage-scale/${level.level}`} version={level.version} id={`ed-level-form-${level.level}`}>
              <Field name="label" label={t('ed.field_label')} value={value('label')} errors={mine?.errors} required maxLength={80} />
              <Field
                name="targetMinutes"
                type="number"
                label={t('ed.field_target')}
                value={value('targetMinutes')}
                errors={mine?.errors}
                required
                inputMode="numeric"
              />
              {level.updatedAt && (
                <p class="hint">
                  {t('ed.updated_at', { when: formatZonedDateTime(ctx.locale, new Date(level.updatedAt), ctx.timeZone, 'short') })}
                </p>
              )}
              <div class="form-actions">
                <Button>{t('ed.save')}</Button>
              </div>
            </Form>
          </Card>
        );
      })}
    </Layout>
  );
}
