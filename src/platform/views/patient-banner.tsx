import { Badge } from './components.js';
import type { PageContext } from './page-context.js';
import { ageOn, fullName } from './format.js';

/** What the banner shows of a patient (the patients module's profile fits it). */
export interface BannerPatient {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string | null;
  mrn: string;
  deceased: boolean;
  allergyStatus: string | null;
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
  return (
    <section class="patient-banner" aria-label={t('patients.banner_label')}>
      <span class="patient-banner-name">{fullName(p)}</span>
      <span>{t('patients.banner_age', { age: ageOn(p.birthDate, props.now) })}</span>
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
