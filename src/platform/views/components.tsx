import type { ComponentChildren } from 'preact';
import type { FieldError } from '../errors.js';
import { Icon, SpriteIcon, type IconName } from './icons.js';
import type { PageContext } from './page-context.js';

/**
 * The one component set every page uses. Status is never shown by colour alone: badges and
 * alerts carry an icon and a word.
 */

export function Form(props: {
  ctx: PageContext;
  action: string;
  method?: 'post' | 'get';
  children: ComponentChildren;
  version?: number;
  class?: string;
  id?: string;
  confirm?: string;
  /** File uploads: the CSRF token and form key travel as the first parts, before the file. */
  enctype?: 'multipart/form-data';
  /**
   * A search sent by POST so that its terms (names, MRNs: PHI) stay out of URLs, history and
   * proxy logs. It changes nothing, so it carries no one-time key: sending it again is harmless.
   */
  search?: boolean;
}) {
  const method = props.method ?? 'post';
  return (
    <form
      method={method}
      action={props.action}
      class={props.class ?? 'form'}
      id={props.id}
      data-confirm={props.confirm}
      enctype={props.enctype}
    >
      {method === 'post' && <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />}
      {method === 'post' && !props.search && <input type="hidden" name="_idempotency" value={crypto.randomUUID()} />}
      {props.version !== undefined && <input type="hidden" name="_version" value={String(props.version)} />}
      {props.children}
    </form>
  );
}

type InputProps = {
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'tel' | 'number' | 'search' | 'url' | 'datetime-local';
  required?: boolean;
  autocomplete?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel' | 'search';
  /** For type number: 'any' accepts decimals. */
  step?: string;
  maxLength?: number;
  minLength?: number;
  placeholder?: string;
  pattern?: string;
  autofocus?: boolean;
  readOnly?: boolean;
  spellcheck?: boolean;
  list?: string;
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
  value?: string | number | null;
};

function errorFor(name: string, errors?: FieldError[]) {
  return errors?.find((e) => e.path === name)?.message;
}

export function Field({ name, label, hint, errors, value, ...rest }: InputProps) {
  const error = errorFor(name, errors);
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        value={value ?? undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        {...(rest as Record<string, unknown>)}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="circle-alert" />
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A password input. "current" re-checks or signs in with the password the person has; "new" sets
 * one, with the length rule the server enforces (8) and the browser's password-manager hint.
 */
export function PasswordField({
  kind,
  ...props
}: {
  kind: 'current' | 'new';
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  errors?: InputProps['errors'];
}) {
  return kind === 'new' ? (
    <Field type="password" autocomplete="new-password" required minLength={8} {...props} />
  ) : (
    <Field type="password" autocomplete="current-password" {...props} />
  );
}

export function SelectField(props: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value?: string | null;
  errors?: FieldError[];
  required?: boolean;
  includeBlank?: string;
}) {
  const error = errorFor(props.name, props.errors);
  const id = `f-${props.name}`;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.includeBlank !== undefined && <option value="">{props.includeBlank}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && (
        <p class="field-error" id={`${id}-error`}>
          <Icon name="circle-alert" />
          {error}
        </p>
      )}
    </div>
  );
}

export function TextArea(props: { name: string; label: string; value?: string | null; errors?: FieldError[]; rows?: number }) {
  const error = errorFor(props.name, props.errors);
  const id = `f-${props.name}`;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea id={id} name={props.name} rows={props.rows ?? 3} aria-invalid={error ? 'true' : undefined}>
        {props.value ?? ''}
      </textarea>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}

export function Checkbox(props: { name: string; label: ComponentChildren; checked?: boolean; required?: boolean; value?: string }) {
  const id = `f-${props.name}`;
  return (
    <div class="field field--checkbox">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'true'} checked={props.checked} required={props.required} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

export function Button(props: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'danger' | 'link';
  type?: 'submit' | 'button';
  name?: string;
  value?: string;
  id?: string;
}) {
  return (
    <button
      type={props.type ?? 'submit'}
      class={`btn btn--${props.variant ?? 'primary'}`}
      name={props.name}
      value={props.value}
      id={props.id}
    >
      {props.children}
    </button>
  );
}

export function LinkButton(props: { href: string; children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <a class={`btn btn--${props.variant ?? 'secondary'}`} href={props.href}>
      {props.children}
    </a>
  );
}

const ALERT_ICONS: Record<'info' | 'success' | 'warning' | 'danger', IconName> = {
  info: 'info',
  success: 'circle-check',
  warning: 'triangle-alert',
  danger: 'circle-x',
};

export function Alert(props: { kind: keyof typeof ALERT_ICONS; title?: string; children?: ComponentChildren }) {
  return (
    <div class={`alert alert--${props.kind}`} role={props.kind === 'danger' || props.kind === 'warning' ? 'alert' : 'status'}>
      <span class="alert-icon">
        <Icon name={ALERT_ICONS[props.kind]} />
      </span>
      <div>
        {props.title && <strong class="alert-title">{props.title}</strong>}
        {props.children && <div>{props.children}</div>}
      </div>
    </div>
  );
}

/** What a status means, which decides its colour and its icon together. */
export type Tone = 'ok' | 'info' | 'warning' | 'danger' | 'neutral';

const TONE_ICONS: Record<Tone, IconName> = {
  ok: 'circle-check',
  info: 'info',
  warning: 'triangle-alert',
  danger: 'circle-x',
  neutral: 'circle',
};

/** The tones' icons: what an IconSprite holds for a page whose chips use `sprite`. */
export const CHIP_SPRITE_ICONS: readonly IconName[] = Object.values(TONE_ICONS);

/**
 * The one status chip: colour and icon follow the tone, the word says the status (never colour
 * alone). `icon` overrides the tone's icon where a more specific one exists (a clock for waiting).
 */
export function StatusChip(props: { tone: Tone; icon?: IconName; sprite?: boolean; children: ComponentChildren }) {
  const icon = props.icon ?? TONE_ICONS[props.tone];
  return (
    <span class={`chip chip--${props.tone}`}>
      {props.sprite ? <SpriteIcon name={icon} /> : <Icon name={icon} />}
      {props.children}
    </span>
  );
}

/** The older name of StatusChip ("success" is the "ok" tone). */
export function Badge(props: {
  kind: 'neutral' | 'success' | 'warning' | 'danger' | 'info';
  icon?: IconName;
  /** Draw the icon from the page's IconSprite (CHIP_SPRITE_ICONS): for tables of many chips. */
  sprite?: boolean;
  children: ComponentChildren;
}) {
  return (
    <StatusChip
      tone={props.kind === 'success' ? 'ok' : props.kind}
      {...(props.icon ? { icon: props.icon } : {})}
      {...(props.sprite ? { sprite: true } : {})}
    >
      {props.children}
    </StatusChip>
  );
}

/**
 * An add-form closed until asked for: a "Add …" summary the person opens. Open from the start when
 * the form comes back with errors (its values and messages must be seen).
 */
export function AddForm(props: { title: string; open?: boolean; children: ComponentChildren }) {
  return (
    <details class="add-form" open={props.open}>
      <summary class="add-form-summary">
        <Icon name="plus" />
        {props.title}
      </summary>
      <div class="add-form-body">{props.children}</div>
    </details>
  );
}

export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-state-title">{props.title}</p>
      {props.children}
    </div>
  );
}

export function Table<Row>(props: {
  caption: string;
  columns: { header: string; cell: (row: Row) => ComponentChildren }[];
  rows: Row[];
  empty: string;
}) {
  if (props.rows.length === 0) return <EmptyState title={props.empty} />;
  return (
    // Focusable and named: on a narrow screen the table scrolls sideways, and keyboard users must reach it.
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table class="table">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((c) => (
                <td>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The next page of a search sent by POST: where to send it and the fields (terms and cursor) to send again. */
export interface NextPageForm {
  action: string;
  fields: Record<string, string>;
}

export function Pagination(props: { ctx: PageContext; nextHref: string | null; nextForm?: NextPageForm | null }) {
  if (props.nextForm) {
    // The next page of a POSTed search: its terms go back in the body, never in a link.
    return (
      <nav class="pagination" aria-label={props.ctx.t('common.pagination')}>
        <Form ctx={props.ctx} action={props.nextForm.action} search class="form form--inline">
          {Object.entries(props.nextForm.fields).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="btn btn--secondary">
            {props.ctx.t('common.next_page')}
          </button>
        </Form>
      </nav>
    );
  }
  if (!props.nextHref) return null;
  return (
    <nav class="pagination" aria-label={props.ctx.t('common.pagination')}>
      <a class="btn btn--secondary" href={props.nextHref}>
        {props.ctx.t('common.next_page')}
      </a>
    </nav>
  );
}

export function Card(props: { title?: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  return (
    <section class="card" id={props.id} aria-labelledby={props.title && props.id ? `${props.id}-title` : undefined}>
      {(props.title || props.actions) && (
        <header class="card-header">
          {props.title && <h2 id={props.id ? `${props.id}-title` : undefined}>{props.title}</h2>}
          {props.actions && <div class="card-actions">{props.actions}</div>}
        </header>
      )}
      {props.children}
    </section>
  );
}

export function DescriptionList(props: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="dl">
      {props.items.map(([term, value]) => (
        <div class="dl-row">
          <dt>{term}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
