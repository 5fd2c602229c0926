import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Card, Field, Form } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PreferencesDto } from '../notifications.schemas.js';
import { EXTERNAL_CHANNELS } from '../notifications.tables.js';
import { PushOptIn } from '../../../platform/outbox/push-opt-in.js';
import { Icon } from '../../../platform/views/icons.js';

export function PreferencesPage(props: {
  ctx: PageContext;
  preferences: PreferencesDto;
  errors: FieldError[];
  values?: { quietStart?: string; quietEnd?: string };
  saved?: boolean;
}) {
  const { ctx, preferences } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('notifications.preferences_title')}>
      <PageHeader title={t('notifications.preferences_title')} subtitle={t('notifications.preferences_subtitle')} />
      {props.saved && <Alert kind="success">{t('notifications.done_saved')}</Alert>}
      {props.errors.length > 0 && <Alert kind="danger" title={t('notifications.fix_errors')} />}
      <Form ctx={ctx} action="/notifications/preferences">
        <div class="table-wrap">
          <table class="table preferences-table">
            <caption>{t('notifications.channels_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('notifications.col_category')}</th>
                <th scope="col">{t('notifications.channel_in_app')}</th>
                {EXTERNAL_CHANNELS.map((channel) => (
                  <th scope="col">{t(`notifications.channel_${channel}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preferences.categories.map((entry) => (
                <tr>
                  <th scope="row">{t(`notifications.category_${entry.category}`)}</th>
                  <td>
                    <Icon name="check" />
                    {t('notifications.always')}
                  </td>
                  {EXTERNAL_CHANNELS.map((channel) => {
                    const id = `pref-${entry.category}-${channel}`;
                    return (
                      <td>
                        <input
                          type="checkbox"
                          id={id}
                          name={`${entry.category}_${channel}`}
                          value="on"
                          checked={entry.channels.includes(channel)}
                        />
                        <label for={id} class="visually-hidden">
                          {t('notifications.channel_for', {
                            channel: t(`notifications.channel_${channel}`),
                            category: t(`notifications.category_${entry.category}`),
                          })}
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Card title={t('notifications.quiet_hours_title')}>
          <p>{t('notifications.quiet_hours_help', { zone: preferences.timeZone })}</p>
          <Field
            name="quietStart"
            label={t('notifications.quiet_start')}
            hint={t('notifications.time_hint')}
            inputMode="numeric"
            pattern="[0-2][0-9]:[0-5][0-9]"
            maxLength={5}
            errors={props.errors}
            value={props.values?.quietStart ?? preferences.quietHours?.start ?? ''}
          />
          <Field
            name="quietEnd"
            label={t('notifications.quiet_end')}
            hint={t('notifications.time_hint')}
            inputMode="numeric"
            pattern="[0-2][0-9]:[0-5][0-9]"
            maxLength={5}
            errors={props.errors}
            value={props.values?.quietEnd ?? preferences.quietHours?.end ?? ''}
          />
        </Card>
        <Button>{t('notifications.save')}</Button>
      </Form>
      <Card title={t('notifications.this_device_title')} id="push-opt-in">
        <p>{t('notifications.this_device_help')}</p>
        <PushOptIn ctx={ctx} />
      </Card>
    </Layout>
  );
}
