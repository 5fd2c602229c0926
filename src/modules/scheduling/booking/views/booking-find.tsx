import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../../platform/errors.js';
import { Alert, Button, Card, DescriptionList, Form, LinkButton, TextArea } from '../../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../../platform/views/layout.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { ShownSlotDays, SlotSearchForm } from '../booking-support.js';
import type { SlotSearchItem } from '../../availability/services/slots-search.service.js';
import { NoSlots, SlotList, SlotSearchFormCard, formatWhen, type SearchChoices } from './booking-parts.js';

export interface FindTimeProps {
  ctx: PageContext;
  title: string;
  subtitle?: ComponentChildren;
  /** Shown above the search: the appointment being moved, or the patient being booked for. */
  summary?: ComponentChildren;
  action: string;
  hidden?: Record<string, string>;
  form: SlotSearchForm;
  dates: { from: string; to: string };
  choices: SearchChoices;
  searched: boolean;
  /** The days of free times shown (a week), and where "Later times" starts. */
  found: ShownSlotDays;
  confirmHref: (slot: SlotSearchItem) => string;
  message?: string | undefined;
  errors?: FieldError[];
  waitlist?: boolean;
  showSpecialty?: boolean;
  wide?: boolean;
}

/** Find a time: the search form, then the free times by day (patients, reschedule, front desk). */
export function FindTimePage(props: FindTimeProps) {
  const { ctx } = props;
  const { t } = ctx;
  const { days, laterFrom } = props.found;
  return (
    <Layout ctx={ctx} title={props.title} wide={props.wide}>
      <PageHeader title={props.title} subtitle={props.subtitle} />
      {props.summary}
      {props.message && <Alert kind="warning">{props.message}</Alert>}
      <SlotSearchFormCard
        ctx={ctx}
        action={props.action}
        form={props.form}
        dates={props.dates}
        choices={props.choices}
        hidden={props.hidden}
        errors={props.errors}
        showSpecialty={props.showSpecialty}
      />
      {props.searched && (
        <Card title={t('scheduling.book_free_times')} id="times">
          <SlotList
            ctx={ctx}
            days={days}
            href={props.confirmHref}
            showClinician={!props.form.staffId}
            later={laterFrom ? laterTimesHref(props, laterFrom) : undefined}
            empty={<NoSlots ctx={ctx} waitlist={props.waitlist} />}
          />
          {props.waitlist && days.length > 0 && (
            <p class="hint">
              {t('scheduling.book_none_suit')} <a href="/portal/waitlist">{t('scheduling.book_waitlist_link')}</a>
            </p>
          )}
        </Card>
      )}
    </Layout>
  );
}

/** The same search from the day after the last one shown, to the same end. */
function laterTimesHref(props: FindTimeProps, from: string): string {
  const { specialty, visitType, staffId, language } = props.form;
  const fields = { ...props.hidden, specialty, visitType, staffId, language, from, to: props.dates.to };
  const query = new URLSearchParams(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return `${props.action}?${query.toString()}#times`;
}

export interface ConfirmProps {
  ctx: PageContext;
  title: string;
  slot: SlotSearchItem | undefined;
  visitTypeLabel: string;
  /** The POST target and its hidden fields. */
  action: string;
  fields: Record<string, string>;
  version?: number;
  withReason: boolean;
  backHref: string;
  details?: [string, ComponentChildren][];
  message?: string | undefined;
  errors?: FieldError[];
  reason?: string | undefined;
  /** Why "first available" chose this time, in plain words (empty for a time the person picked). */
  firstAvailableReasons?: string[];
  /** The patient's online change cut-off: warn before confirming a time already inside it. */
  cutoff?: { hours: number; now: Date } | undefined;
}

/** True when a time starting at `startsAt` could no longer be changed online once booked. */
export function insideCutoff(startsAt: Date, cutoff: { hours: number; now: Date }): boolean {
  return startsAt.getTime() - cutoff.now.getTime() < cutoff.hours * 3_600_000;
}

/** Check the details, then book (or move) with one button; a taken time says so and offers others. */
export function ConfirmTimePage(props: ConfirmProps) {
  const { ctx, slot } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={props.title}>
      <PageHeader title={props.title} />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      {!slot ? (
        <Alert kind="warning" title={t('scheduling.book_slot_gone')}>
          <p>
            <LinkButton href={props.backHref} variant="primary">
              {t('scheduling.book_choose_another')}
            </LinkButton>
          </p>
        </Alert>
      ) : (
        <Card id="confirm">
          {props.cutoff && insideCutoff(slot.startsAt, props.cutoff) && (
            <Alert kind="warning" title={t('scheduling.book_inside_cutoff_title')}>
              <p id="cutoff-warning">{t('scheduling.book_inside_cutoff_text', { hours: props.cutoff.hours })}</p>
            </Alert>
          )}
          {props.firstAvailableReasons && props.firstAvailableReasons.length > 0 && (
            <section id="first-available-reasons" aria-labelledby="first-available-why">
              <h3 id="first-available-why">{t('scheduling.book_first_available_why')}</h3>
              <ul>
                {props.firstAvailableReasons.map((reason) => (
                  <li>{reason}</li>
                ))}
              </ul>
            </section>
          )}
          <DescriptionList
            items={[
              ...(props.details ?? []),
              [t('scheduling.book_when'), formatWhen(ctx, slot.startsAt, slot.endsAt, ctx.timeZone)],
              [t('scheduling.book_time_zone'), ctx.timeZone],
              [t('scheduling.book_clinician'), slot.staffName],
              [t('scheduling.book_visit_type'), props.visitTypeLabel],
            ]}
          />
          <Form ctx={ctx} action={props.action} id="confirm-form" version={props.version}>
            {Object.entries(props.fields).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            {props.withReason && (
              <TextArea name="reason" label={t('scheduling.book_reason')} value={props.reason ?? null} errors={props.errors} />
            )}
            <div class="form-actions">
              <Button id="confirm-button">{t('scheduling.book_confirm')}</Button>
              <a href={props.backHref}>{t('scheduling.book_back')}</a>
            </div>
          </Form>
        </Card>
      )}
    </Layout>
  );
}
