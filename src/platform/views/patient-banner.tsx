import { Badge } from './components.js';
import type { PageContext } from './page-context.js';
import { ageOn, formatCalendarDate, formatZonedDateTime, fullName } from './format.js';

/** A patient registered before being identified (the patients module's `unidentified`). */
export interface UnidentifiedPatientFacts {
  sex: string | null;
  approximateAge: number;
  since: Date | string;
}

/**
 * The placeholder name of an unidentified patient in the viewer's language: "Unidentified man,
 * about 40 — 5 Dec 2026, 09:41" (the arrival time in the viewer's zone).
 */
export function unidentifiedName(ctx: PageContext, facts: UnidentifiedPatientFacts): string {
  const sex = facts.sex === 'male' || facts.sex === 'female' ? facts.sex : 'unknown';
  return ctx.t(`patients.unidentified_name_${sex}`, {
    age: facts.approximateAge,
    time: formatZonedDateTime(ctx.locale, new Date(facts.since), ctx.timeZone, 'short'),
  });
}

/**
 * A patient's name as a list shows it: the placeholder of an unidentified arrival in the viewer's
 * language (its stored names are English search terms), otherwise "given family".
 */
export function patientName(
  ctx: PageContext,
  p: { givenName: string; familyName: string; unidentified?: UnidentifiedPatientFacts | null },
): string {
  return p.unidentified ? unidentifiedName(ctx, p.unidentified) : fullName(p);
}

/** A patient's birth date as a list shows it; for an unidentified arrival its approximate age (the date is an estimate). */
export function birthDateShown(ctx: PageContext, p: { birthDate: string; unidentified?: UnidentifiedPatientFacts | null }): string {
  if (p.unidentified) return ctx.t('patients.banner_approximate_age', { age: p.unidentified.approximateAge });
  return formatCalendarDate(ctx.locale, p.birthDate);
}

/** `birthDateShown` with the age on `now` beside an identified patient's date. */
export function birthDateWithAge(
  ctx: PageContext,
  p: { birthDate: string; unidentified?: UnidentifiedPatientFacts | null },
  now: Date,
): string {
  const shown = birthDateShown(ctx, p);
  return p.unidentified ? shown : `${shown} (${ctx.t('patients.banner_age', { age: ageOn(p.birthDate, now) })})`;
}

/** What the banner shows of a patient (the patients module's profile fits it). */
export interface BannerPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string | null;
  mrn: string;
  deceased: boolean;
  allergyStatus: string | null;
  /** The profile's facts, or a patient row's flag with its columns below. */
  unidentified?: UnidentifiedPatientFacts | boolean | null;
  approximateAge?: number | null;
  unidentifiedSince?: Date | null;
}

/** An unidentified patient's facts from a profile or a row; null for an identified patient. */
function unidentifiedFacts(p: BannerPatient): UnidentifiedPatientFacts | null {
  if (!p.unidentified) return null;
  if (typeof p.unidentified === 'object') return p.unidentified;
  return p.approximateAge !== null && p.approximateAge !== undefined && p.unidentifiedSince
    ? { sex: p.sex, approximateAge: p.approximateAge, since: p.unidentifiedSince }
    : null;
}

/** What the banner shows of an allergy. */
export interface BannerAllergy {
  substance: string;
  status: string;
}

/**
 * The patient banner on every clinical page: name, age, sex, MRN and allergies, so the person in
 * front of the clinician is never confused with another. Allergies show only to clinical tiers.
 */
export function PatientBanner(props: { ctx: PageContext; patient: BannerPatient; allergies: BannerAllergy[] | null; now: Date }) {
  const { t } = props.ctx;
  const p = props.patient;
  const active = (props.allergies ?? []).filter((a) => a.status === 'active');
  const unidentified = unidentifiedFacts(p);
  return (
    <section class="patient-banner" aria-label={t('patients.banner_label')}>
      <span class="patient-banner-name">{unidentified ? unidentifiedName(props.ctx, unidentified) : fullName(p)}</span>
      {unidentified && <Badge kind="warning">{t('patients.unidentified_badge')}</Badge>}
      <span>
        {unidentified
          ? t('patients.banner_approximate_age', { age: unidentified.approximateAge })
          : t('patients.banner_age', { age: ageOn(p.birthDate, props.now) })}
      </span>
      <span>{t(`patients.sex_${p.sex ?? 'unknown'}`)}</span>
      <span>
        {t('patients.mrn')}: <strong>{p.mrn}</strong>
      </span>
      {p.deceased && <Badge kind="neutral">{t('patients.deceased')}</Badge>}
      {props.allergies !== null && (
        <span class="patient-banner-allergies">
          {active.length > 0 ? (
            <Badge kind="danger">{t('patients.banner_allergies', { list: active.map((a) => a.substance).join(', ') })}</Badge>
          ) : p.allergyStatus === 'no_known_allergies' ? (
            <Badge kind="success">{t('patients.allergy_status_no_known_allergies')}</Badge>
          ) : (
            <Badge kind="warning">{t('patients.allergy_status_not_recorded')}</Badge>
          )}
        </span>
      )}
    </section>
  );
}
