import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, Field, Form, SelectField } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { Person } from '../staff-threads.repository.js';
import { TITLE_MAX } from '../staff-threads.vocabulary.js';

export interface NewThreadFormState {
  kind: 'direct' | 'group';
  errors: FieldError[];
  values: Record<string, unknown>;
  message?: string;
}

/** A new conversation: with one person (direct), or a group with a title and members chosen from clinical staff. */
export function NewThreadPage(props: { ctx: PageContext; people: Person[]; form?: NewThreadFormState }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const others = props.people.filter((p) => p.userId !== ctx.actor?.userId);
  const direct = form?.kind === 'direct' ? form : undefined;
  const group = form?.kind === 'group' ? form : undefined;
  const picked = new Set([group?.values.memberStaffIds].flat().filter((v): v is string => typeof v === 'string'));
  return (
    <Layout ctx={ctx} title={t('staff_messages.new_title')}>
      <PageHeader title={t('staff_messages.new_title')} subtitle={t('staff_messages.new_subtitle')} />
      <Card title={t('staff_messages.new_direct_title')}>
        {direct?.message && <Alert kind="danger">{direct.message}</Alert>}
        <Form ctx={ctx} action="/staff/messages">
          <input type="hidden" name="kind" value="direct" />
          <SelectField
            name="memberStaffIds"
            label={t('staff_messages.field_person')}
            options={others.map((p) => ({ value: p.staffId, label: p.name }))}
            errors={direct?.errors}
            required
          />
          <Button>{t('staff_messages.new_direct_action')}</Button>
        </Form>
      </Card>
      <Card title={t('staff_messages.new_group_title')}>
        {group?.message && <Alert kind="danger">{group.message}</Alert>}
        <Form ctx={ctx} action="/staff/messages">
          <input type="hidden" name="kind" value="group" />
          <Field
            name="title"
            label={t('staff_messages.field_title')}
            value={typeof group?.values.title === 'string' ? group.values.title : undefined}
            errors={group?.errors}
            maxLength={TITLE_MAX}
            required
          />
          <fieldset class="field">
            <legend>{t('staff_messages.field_members')}</legend>
            {others.map((p) => (
              <div class="field field--checkbox">
                <input type="checkbox" id={`member-${p.staffId}`} name="memberStaffIds" value={p.staffId} checked={picked.has(p.staffId)} />
                <label for={`member-${p.staffId}`}>{p.name}</label>
              </div>
            ))}
            {group?.errors.some((e) => e.path === 'memberStaffIds') && (
              <p class="field-error">{t('staff_messages.field_members_invalid')}</p>
            )}
          </fieldset>
          <Button>{t('staff_messages.new_group_action')}</Button>
        </Form>
      </Card>
    </Layout>
  );
}
