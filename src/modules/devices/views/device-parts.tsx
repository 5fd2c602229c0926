import type { FieldError } from '../../../platform/errors.js';
import { Alert, Field, SelectField } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { DEVICE_KINDS } from '../devices.vocabulary.js';

/**
 * The credential of a device just registered, on the answer to the registration only (never in a
 * URL, a session or a log): the portal's My devices and the staff page both show it this way.
 */
export function CredentialOnce(props: { title: string; explanation: string; credential: string }) {
  return (
    <Alert kind="success" title={props.title}>
      <p>{props.explanation}</p>
      <p>
        <code>{props.credential}</code>
      </p>
    </Alert>
  );
}

/** The kind and label fields of a device registration form (the same two fields as the API's body). */
export function DeviceFields(props: { ctx: PageContext; labelHint: string; errors?: FieldError[]; values?: Record<string, unknown> }) {
  const { t } = props.ctx;
  const text = (name: string) => (typeof props.values?.[name] === 'string' ? props.values[name] : undefined);
  return (
    <>
      <SelectField
        name="kind"
        label={t('devices.field_kind')}
        options={DEVICE_KINDS.map((k) => ({ value: k, label: t(`devices.kind_${k}`) }))}
        value={text('kind') ?? null}
        errors={props.errors}
        required
      />
      <Field
        name="label"
        label={t('devices.field_label')}
        hint={props.labelHint}
        value={text('label')}
        errors={props.errors}
        maxLength={80}
        required
      />
    </>
  );
}
