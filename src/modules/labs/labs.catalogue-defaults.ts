import type { LabRangeSex, LabSpecimen } from './labs.vocabulary.js';

/**
 * The laboratory catalogue a new hospital starts with: editable defaults (the laboratory director
 * approves its own list — CLIA, CAP, ISO 15189), seeded once and then edited on
 * Administration → Laboratory catalogue.
 *
 * Sources:
 * - LOINC codes and UCUM units: Carewell's clinical reference §3 (common lab codes used by US
 *   Core/IPS examples; units validated with @lhncbc/ucum-lhc). Codes not in that table (chloride
 *   2075-0, bicarbonate 2028-9, urea nitrogen 3094-0, calcium 17861-6, magnesium 19123-9,
 *   hematocrit 4544-3, HbA1c 4548-4, blood culture 600-7, the panels 51990-0 and 58410-2) are
 *   standard LOINC codes, to recheck against the LOINC table.
 *   LOINC® is a registered United States trademark of Regenstrief Institute, Inc.; LOINC codes
 *   are © Regenstrief Institute, Inc., used under the LOINC licence (loinc.org/license). UCUM is
 *   © Regenstrief Institute and The UCUM Organization (ucum.org/license).
 * - Critical limits: Kost GJ, "Critical limits for urgent clinician notification at US medical
 *   centers", JAMA 1990;263:704-707 (mean adult limits), as restated in Carewell's clinical
 *   reference §4.3. A value is critical when it falls OUTSIDE a limit (potassium 6.2 is not, 6.3 is).
 *   INR: "most labs today use INR > 4.5–5" (same section); 5 is used here. Troponin: the Fourth
 *   Universal Definition of MI (Thygesen et al., 2018) — above the assay's 99th-percentile upper
 *   reference limit; the limits below are one hs-TnI assay's sex-specific URLs, to be replaced by
 *   the hospital's assay's.
 * - Reference ranges: typical adult intervals, NOT from the clinical reference: every test ships
 *   marked "needs review" until a lab administrator saves it (issue 13: ranges beyond the reference
 *   are editable defaults marked for review).
 */
export interface CatalogueRange {
  sex: LabRangeSex;
  /** Age in completed years at collection, inclusive. */
  ageMin: number;
  /** Exclusive; null = no upper age. */
  ageMax: number | null;
  low: number | null;
  high: number | null;
  criticalLow: number | null;
  criticalHigh: number | null;
}

export interface CatalogueTestDefault {
  code: string;
  loinc: string;
  name: string;
  unit: string | null;
  specimen: LabSpecimen;
  resultKind: 'numeric' | 'text';
  /** g/mol, for mass ↔ substance conversions (mg/dL ↔ mmol/L). */
  molarMass: number | null;
  ranges: CatalogueRange[];
}

export interface CataloguePanelDefault {
  code: string;
  loinc: string;
  name: string;
  tests: string[];
}

const adult = (
  low: number | null,
  high: number | null,
  criticalLow: number | null = null,
  criticalHigh: number | null = null,
  sex: LabRangeSex = 'any',
  ageMin = 0,
  ageMax: number | null = null,
): CatalogueRange => ({ sex, ageMin, ageMax, low, high, criticalLow, criticalHigh });

export const DEFAULT_TESTS: CatalogueTestDefault[] = [
  {
    code: 'NA',
    loinc: '2951-2',
    name: 'Sodium',
    unit: 'mmol/L',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(135, 145, 120, 158)],
  },
  {
    code: 'K',
    loinc: '2823-3',
    name: 'Potassium',
    unit: 'mmol/L',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(3.5, 5.1, 2.8, 6.2)],
  },
  {
    code: 'CL',
    loinc: '2075-0',
    name: 'Chloride',
    unit: 'mmol/L',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(98, 107)],
  },
  {
    code: 'HCO3',
    loinc: '2028-9',
    name: 'Bicarbonate (CO2 content)',
    unit: 'mmol/L',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(22, 29, 11, 40)],
  },
  // Urea nitrogen: two nitrogen atoms per urea molecule, 2 × 14.007 g/mol.
  {
    code: 'BUN',
    loinc: '3094-0',
    name: 'Urea nitrogen',
    unit: 'mg/dL',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: 28.014,
    ranges: [adult(7, 20)],
  },
  {
    code: 'CREA',
    loinc: '2160-0',
    name: 'Creatinine',
    unit: 'mg/dL',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: 113.12,
    ranges: [
      adult(0.3, 0.7, null, null, 'any', 0, 18),
      adult(0.5, 1.1, null, null, 'female', 18),
      adult(0.7, 1.3, null, null, 'male', 18),
      adult(0.5, 1.3, null, null, 'any', 18),
    ],
  },
  {
    code: 'GLU',
    loinc: '2345-7',
    name: 'Glucose',
    unit: 'mg/dL',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: 180.156,
    ranges: [adult(70, 99, 46, 484)],
  },
  {
    code: 'CA',
    loinc: '17861-6',
    name: 'Calcium, total',
    unit: 'mg/dL',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: 40.078,
    ranges: [adult(8.6, 10.3, 6.6, 12.9)],
  },
  {
    code: 'MG',
    loinc: '19123-9',
    name: 'Magnesium',
    unit: 'mg/dL',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: 24.305,
    ranges: [adult(1.7, 2.2, 1.0, 4.9)],
  },
  {
    code: 'WBC',
    loinc: '6690-2',
    name: 'Leukocytes',
    unit: '10*3/uL',
    specimen: 'whole_blood',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(4.0, 11.0, 2.0, 37.0)],
  },
  {
    code: 'HGB',
    loinc: '718-7',
    name: 'Hemoglobin',
    unit: 'g/dL',
    specimen: 'whole_blood',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [
      adult(11.0, 15.5, 6.6, 19.9, 'any', 0, 18),
      adult(12.0, 15.5, 6.6, 19.9, 'female', 18),
      adult(13.5, 17.5, 6.6, 19.9, 'male', 18),
      adult(12.0, 17.5, 6.6, 19.9, 'any', 18),
    ],
  },
  {
    code: 'HCT',
    loinc: '4544-3',
    name: 'Hematocrit',
    unit: '%',
    specimen: 'whole_blood',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(36, 46, 18, 61, 'female'), adult(41, 53, 18, 61, 'male'), adult(36, 53, 18, 61)],
  },
  {
    code: 'PLT',
    loinc: '777-3',
    name: 'Platelets',
    unit: '10*3/uL',
    specimen: 'whole_blood',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(150, 400, 37, 910)],
  },
  {
    code: 'HBA1C',
    loinc: '4548-4',
    name: 'Hemoglobin A1c',
    unit: '%',
    specimen: 'whole_blood',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(4.0, 5.6)],
  },
  {
    code: 'HSTNI',
    loinc: '89579-7',
    name: 'Troponin I, high-sensitivity',
    unit: 'ng/L',
    specimen: 'serum_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(null, 16, null, 16, 'female'), adult(null, 34, null, 34, 'male'), adult(null, 26, null, 26)],
  },
  {
    code: 'INR',
    loinc: '6301-6',
    name: 'INR',
    unit: '{INR}',
    specimen: 'citrated_plasma',
    resultKind: 'numeric',
    molarMass: null,
    ranges: [adult(0.8, 1.2, null, 5)],
  },
  {
    code: 'BCX',
    loinc: '600-7',
    name: 'Blood culture',
    unit: null,
    specimen: 'whole_blood',
    resultKind: 'text',
    molarMass: null,
    ranges: [],
  },
];

export const DEFAULT_PANELS: CataloguePanelDefault[] = [
  { code: 'BMP', loinc: '51990-0', name: 'Basic metabolic panel', tests: ['NA', 'K', 'CL', 'HCO3', 'BUN', 'CREA', 'GLU', 'CA'] },
  { code: 'CBC', loinc: '58410-2', name: 'Complete blood count', tests: ['WBC', 'HGB', 'HCT', 'PLT'] },
];
