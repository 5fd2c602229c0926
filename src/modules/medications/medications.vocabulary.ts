/**
 * The closed vocabularies of the formulary: dose forms, routes, strength units and pharmacy tags.
 * Each value has a translated label (`medications.dose_form_<value>`, `medications.route_<value>`,
 * `medications.tag_<value>`); the tables hold CHECK constraints with the same lists.
 *
 * Dose forms and routes are a short working list in the spirit of the EDQM Standard Terms, chosen
 * for a general hospital; extending one is a code change plus a migration of its CHECK constraint.
 */
export const DOSE_FORMS = [
  'tablet',
  'modified_release_tablet',
  'capsule',
  'oral_solution',
  'oral_suspension',
  'solution_for_injection',
  'powder_for_injection',
  'solution_for_infusion',
  'inhalation_aerosol',
  'nebuliser_solution',
  'cream',
  'ointment',
  'eye_drops',
  'transdermal_patch',
  'suppository',
] as const;
export type DoseForm = (typeof DOSE_FORMS)[number];

export const ROUTES = [
  'oral',
  'sublingual',
  'intravenous',
  'intramuscular',
  'subcutaneous',
  'inhalation',
  'topical',
  'ophthalmic',
  'transdermal',
  'rectal',
] as const;
export type Route = (typeof ROUTES)[number];

/**
 * Strength units as UCUM codes (case-sensitive: `mL`, `ug`, `[iU]`). Amounts per unit dose or per
 * volume; a liquid is stated per mL (5 mg/5 mL is 1 mg/mL), so two products compare without
 * conversion tables. `%` for topical preparations (as labelled). Validated by hand against the UCUM
 * specification (no UCUM library is installed yet: docs/medications.md).
 */
export const STRENGTH_UNITS = [
  'mg',
  'g',
  'ug',
  'mmol',
  'meq',
  '[iU]',
  'U',
  'mg/mL',
  'ug/mL',
  'mmol/mL',
  'meq/mL',
  '[iU]/mL',
  'U/mL',
  'ug/h',
  'ug/{actuat}',
  '%',
] as const;
export type StrengthUnit = (typeof STRENGTH_UNITS)[number];

/**
 * Properties the pharmacy sets on a product for the safety checks. `qt_prolonging` feeds ONC
 * high-priority rule 8 (QT-prolonging with QT-prolonging): empty by default and filled only by the
 * hospital's pharmacists, never from a licensed list (CredibleMeds' lists are not open for this use).
 */
export const PRODUCT_TAGS = ['qt_prolonging'] as const;
export type ProductTag = (typeof PRODUCT_TAGS)[number];

/** At most this many ingredients per product (a combination product; more is a data-entry error). */
export const MAX_INGREDIENTS = 4;

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
