import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../../platform/errors.js';
import { Button, Card, EmptyState, Field, Form, SelectField, StatusChip, type Tone } from '../../../../platform/views/components.js';
import type { IconName } from '../../../../platform/views/icons.js';
import type { PageContext } from '../../../../platform/views/page-context.js';
import type { AppointmentStatus } from '../../appointments/appointments.tables.js';
import type { VisitTypeView } from '../../availability/availability.schemas.js';
import type { SlotDay, SlotSearchForm } from '../booking-support.js';
import { visitTypeLabel } from '../../availability/views/availability-editor.js';
import { cachedDateTimeFormat } from '../../../../platform/time/zoned-time.js';
import { formatCalendarDate, formatWallClock, formatZonedTimeRange } from '../../../../platform/views/format.js';

/** Pieces the booking, calendar and front-desk pages share. */

const STATUS_CHIP: Record<AppointmentStatus, { tone: Tone; icon: IconName }> = {
  booked: { tone: 'info', icon: 'calendar' },
  checked_in: { tone: 'warning', icon: 'clock' },
  completed: { tone: 'ok', icon: 'circle-check' },
  cancelled: { tone: 'neutral', icon: 'ban' },
  no_show: { tone: 'danger', icon: 'circle-x' },
};

export function StatusBadge(props: { ctx: PageContext; status: AppointmentStatus }) {
  return <StatusChip {...STATUS_CHIP[props.status]}>{props.ctx.t(`scheduling.appointment_status_${props.status}`)}</StatusChip>;
}

/** The wall time alone ("14:30"), for rows under a heading that names the zone. */
export function formatTime(ctx: PageContext, instant: Date, zone: string): string {
  return formatWallClock(ctx.locale, instant, zone);
}

export function formatDay(ctx: PageContext, instant: Date, zone: string): string {
  return cachedDateTimeFormat(ctx.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: zone }).format(
    instant,
  );
}

/** A YYYY-MM-DD date as a heading (the same day in every zone). */
export function formatDate(ctx: PageContext, date: string): string {
  return formatCalendarDate(ctx.locale, date, 'weekday');
}

/** "Thursday 3 December 2026, 14:30–15:00 (Europe/Paris)": always in the viewer's zone, named. */
export function formatWhen(ctx: PageContext, startsAt: Date, endsAt: Date, zone: string): string {
  return `${formatDay(ctx, startsAt, zone)}, ${formatZonedTimeRange(ctx.locale, startsAt, endsAt, zone)}`;
}

/** A refusal as words the reader understands: our own sentence by code, else the service's. */
export function refusalMessage(t: PageContext['t'], code: string, detail: string): string {
  const key = `scheduling.book_refused_${code}`;
  const translated = t(key);
  return translated === key ? detail : translated;
}

export function visitTypeName(ctx: PageContext, visitType: VisitTypeView | undefined): string {
  return visitType ? visitTypeLabel(ctx, visitType) : '—';
}

export interface SearchChoices {
  specialties: { id: string; name: string }[];
  visitTypes: VisitTypeView[];
  clinicians: { id: string; name: string }[];
  languages: string[];
}

/**
 * The find-a-time form: specialty, visit type, optional clinician and language, dates; "Search"
 * lists the slots, "First available" goes straight to the earliest one. A GET form: no write.
 */
export function SlotSearchFormCard(props: {
  ctx: PageContext;
  action: string;
  form: SlotSearchForm;
  dates: { from: string; to: string };
  choices: SearchChoices;
  hidden?: Record<string, string>;
  errors?: FieldError[];
  showSpecialty?: boolean;
}) {
  const { ctx, form, choices } = props;
  const { t } = ctx;
  const visitTypes = choices.visitTypes.filter((v) => !form.specialty || v.specialtyId === null || v.specialtyId === form.specialty);
  return (
    <Card title={t('scheduling.book_search_title')} id="search">
      <Form ctx={ctx} action={props.action} method="get" id="slot-search">
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.showSpecialty !== false && (
          <SelectField
            name="specialty"
            label={t('scheduling.book_specialty')}
            includeBlank={t('scheduling.book_any_specialty')}
            value={form.specialty ?? null}
            options={choices.specialties.map((s) => ({ value: s.id, label: s.name }))}
            errors={props.errors}
          />
        )}
        <SelectField
          name="visitType"
          label={t('scheduling.book_visit_type')}
          required
          value={form.visitType ?? null}
          includeBlank={t('scheduling.book_choose')}
          options={visitTypes.map((v) => ({ value: v.id, label: visitTypeLabel(ctx, v) }))}
          errors={props.errors}
        />
        {choices.clinicians.length > 0 && (
          <SelectField
            name="staffId"
            label={t('scheduling.book_clinician')}
            includeBlank={t('scheduling.book_any_clinician')}
            value={form.staffId ?? null}
            options={choices.clinicians.map((c) => ({ value: c.id, label: c.name }))}
            errors={props.errors}
          />
        )}
        {choices.languages.length > 0 && (
          <SelectField
            name="language"
            label={t('scheduling.book_language')}
            includeBlank={t('scheduling.book_any_language')}
            value={form.language ?? null}
            options={choices.languages.map((l) => ({ value: l, label: languageName(ctx, l) }))}
            errors={props.errors}
          />
        )}
        <Field name="from" type="date" label={t('scheduling.book_from')} value={props.dates.from} errors={props.errors} />
        <Field
          name="to"
          type="date"
          label={t('scheduling.book_to')}
          hint={t('scheduling.book_to_hint')}
          value={props.dates.to}
          errors={props.errors}
        />
        <div class="form-actions">
          <Button name="first" value="1" id="first-available">
            {t('scheduling.book_first_available')}
          </Button>
          <Button variant="secondary" id="show-times">
            {t('scheduling.book_show_times')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** One language-name formatter per locale: building one costs more than naming a language with it. */
const languageNames = new Map<string, Intl.DisplayNames>();

export function languageName(ctx: PageContext, tag: string): string {
  try {
    let names = languageNames.get(ctx.locale);
    if (!names) {
      names = new Intl.DisplayNames([ctx.locale], { type: 'language' });
      languageNames.set(ctx.locale, names);
    }
    return names.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/**
 * Free times grouped by day, each a link to the confirm page; the viewer's zone is named. The
 * clinician is named on each time only when the search spans clinicians. `later` continues the
 * search after the last day shown.
 */
export function SlotList(props: {
  ctx: PageContext;
  days: SlotDay[];
  href: (slot: SlotDay['slots'][number]) => string;
  empty: ComponentChildren;
  showClinician: boolean;
  later?: string | undefined;
}) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.days.length === 0) return <>{props.empty}</>;
  return (
    <div id="slots">
      {props.days.map((day) => {
        return (
          <section class="card" aria-labelledby={`day-${day.date}`}>
            <h3 id={`day-${day.date}`}>{formatDate(ctx, day.date)}</h3>
            <p class="hint">{t('scheduling.book_times_in', { zone: ctx.timeZone })}</p>
            <ul class="inline-form slot-list">
              {day.slots.map((slot) => (
                <li>
                  <a class="btn btn--secondary slot" href={props.href(slot)}>
                    {formatTime(ctx, slot.startsAt, ctx.timeZone)}
                    {props.showClinician && ` · ${slot.staffName}`}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {props.later && (
        <p>
          <a href={props.later} id="later-times" class="btn btn--secondary">
            {t('scheduling.book_later_times')}
          </a>
        </p>
      )}
    </div>
  );
}

export function NoSlots(props: { ctx: PageContext; waitlist?: boolean }) {
  const { t } = props.ctx;
  return (
    <EmptyState title={t('scheduling.book_no_slots')}>
      <p>{t('scheduling.book_no_slots_hint')}</p>
      {props.waitlist && (
        <p>
          <a href="/portal/waitlist">{t('scheduling.book_waitlist_link')}</a>
        </p>
      )}
    </EmptyState>
  );
}
