import type { SeedProduct } from '../modules/medications/index.js';

/**
 * The demo hospital's formulary: 71 common products. RxCUIs are those of the shipped ingredient
 * catalogue (src/modules/medications/reference, a test holds every one to the catalogue's name),
 * never typed from memory. It deliberately holds members of every ONC high-priority interaction
 * class that has members (Phansalkar 2012; rule noted per line, the precipitant classes in the group comments) so the later interaction checks can
 * be shown; no product is tagged QT-prolonging (that tag is the pharmacy's to set).
 * Strengths are common marketed strengths; liquids are per mL.
 */
export const DEMO_FORMULARY: SeedProduct[] = [
  // Anticoagulants and antiplatelets
  { name: 'Warfarin 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['11289', 5, 'mg']] },
  { name: 'Apixaban 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['1364430', 5, 'mg']] },
  {
    name: 'Enoxaparin 100 mg/mL injection',
    doseForm: 'solution_for_injection',
    route: 'subcutaneous',
    ingredients: [['67108', 100, 'mg/mL']],
  },
  {
    name: 'Heparin 5,000 units/mL injection',
    doseForm: 'solution_for_injection',
    route: 'subcutaneous',
    ingredients: [['5224', 5000, '[iU]/mL']],
  },
  { name: 'Aspirin 75 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['1191', 75, 'mg']] },
  { name: 'Clopidogrel 75 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['32968', 75, 'mg']] },
  // Cardiovascular (simvastatin: rule 11; amiodarone, diltiazem, verapamil: CYP3A4/1A2 inhibitors of rules 5, 9, 11, 13)
  { name: 'Simvastatin 40 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36567', 40, 'mg']] }, // rule 11
  { name: 'Atorvastatin 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['83367', 20, 'mg']] },
  { name: 'Amiodarone 200 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['703', 200, 'mg']] },
  { name: 'Diltiazem 60 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['3443', 60, 'mg']] },
  { name: 'Verapamil 80 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['11170', 80, 'mg']] },
  { name: 'Digoxin 250 microgram tablet', doseForm: 'tablet', route: 'oral', ingredients: [['3407', 250, 'ug']] },
  { name: 'Amlodipine 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['17767', 5, 'mg']] },
  { name: 'Lisinopril 10 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['29046', 10, 'mg']] },
  { name: 'Metoprolol tartrate 50 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6918', 50, 'mg']] },
  { name: 'Furosemide 40 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['4603', 40, 'mg']] },
  { name: 'Spironolactone 25 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['9997', 25, 'mg']] },
  {
    name: 'Potassium chloride 600 mg modified-release tablet',
    doseForm: 'modified_release_tablet',
    route: 'oral',
    ingredients: [['8591', 600, 'mg']],
  },
  {
    name: 'Glyceryl trinitrate 500 microgram sublingual tablet',
    doseForm: 'tablet',
    route: 'sublingual',
    ingredients: [['4917', 500, 'ug']],
  },
  // Diabetes and endocrine
  { name: 'Metformin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6809', 500, 'mg']] },
  {
    name: 'Insulin glargine 100 units/mL injection',
    doseForm: 'solution_for_injection',
    route: 'subcutaneous',
    ingredients: [['274783', 100, 'U/mL']],
  },
  { name: 'Levothyroxine 50 microgram tablet', doseForm: 'tablet', route: 'oral', ingredients: [['10582', 50, 'ug']] },
  { name: 'Prednisolone 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['8638', 5, 'mg']] },
  // Anti-infectives (clarithromycin, fluconazole, ritonavir: rules 5, 11, 12; ciprofloxacin: rules 9, 13; rifampin: rule 10)
  { name: 'Amoxicillin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['723', 500, 'mg']] },
  {
    name: 'Amoxicillin 500 mg / clavulanate 125 mg tablet',
    doseForm: 'tablet',
    route: 'oral',
    ingredients: [
      ['723', 500, 'mg'],
      ['48203', 125, 'mg'],
    ],
  },
  { name: 'Cephalexin 500 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['2231', 500, 'mg']] },
  { name: 'Ceftriaxone 1 g powder for injection', doseForm: 'powder_for_injection', route: 'intravenous', ingredients: [['2193', 1, 'g']] },
  { name: 'Clarithromycin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['21212', 500, 'mg']] },
  { name: 'Azithromycin 250 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['18631', 250, 'mg']] },
  { name: 'Doxycycline 100 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['3640', 100, 'mg']] },
  { name: 'Ciprofloxacin 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['2551', 500, 'mg']] },
  { name: 'Trimethoprim 200 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['10829', 200, 'mg']] },
  {
    name: 'Sulfamethoxazole 800 mg / trimethoprim 160 mg tablet',
    doseForm: 'tablet',
    route: 'oral',
    ingredients: [
      ['10180', 800, 'mg'],
      ['10829', 160, 'mg'],
    ],
  },
  { name: 'Linezolid 600 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['190376', 600, 'mg']] },
  { name: 'Fluconazole 150 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['4450', 150, 'mg']] },
  { name: 'Rifampin 300 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['9384', 300, 'mg']] },
  { name: 'Ritonavir 100 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['85762', 100, 'mg']] }, // rules 5, 10, 11, 12
  { name: 'Atazanavir 300 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['343047', 300, 'mg']] }, // rules 2, 10
  // Gastro-intestinal (PPIs: rule 2)
  { name: 'Omeprazole 20 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['7646', 20, 'mg']] },
  { name: 'Pantoprazole 40 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['40790', 40, 'mg']] },
  { name: 'Ondansetron 4 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['26225', 4, 'mg']] },
  // Pain (opioids of rule 6)
  { name: 'Acetaminophen 500 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['161', 500, 'mg']] },
  { name: 'Ibuprofen 400 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['5640', 400, 'mg']] },
  { name: 'Morphine 10 mg/mL injection', doseForm: 'solution_for_injection', route: 'intravenous', ingredients: [['7052', 10, 'mg/mL']] },
  { name: 'Oxycodone 5 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['7804', 5, 'mg']] },
  { name: 'Tramadol 50 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['10689', 50, 'mg']] }, // rule 6
  { name: 'Fentanyl 25 microgram/hour patch', doseForm: 'transdermal_patch', route: 'transdermal', ingredients: [['4337', 25, 'ug/h']] }, // rule 6
  { name: 'Sumatriptan 50 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['37418', 50, 'mg']] }, // rule 15
  // Mental health and neurology (SSRIs/SNRIs: rule 4; TCAs: rule 7; MAOIs: rules 1, 4, 6, 7, 14, 15; rule 13)
  { name: 'Sertraline 50 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['36437', 50, 'mg']] },
  { name: 'Citalopram 20 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['2556', 20, 'mg']] },
  { name: 'Fluoxetine 20 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['4493', 20, 'mg']] },
  { name: 'Fluvoxamine 50 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['42355', 50, 'mg']] }, // rules 4, 9, 13
  { name: 'Amitriptyline 25 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['704', 25, 'mg']] },
  { name: 'Tranylcypromine 10 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['10734', 10, 'mg']] }, // rule 14
  { name: 'Selegiline 5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['9639', 5, 'mg']] },
  { name: 'Methylphenidate 10 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6901', 10, 'mg']] }, // rule 1
  { name: 'Ramelteon 8 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['596205', 8, 'mg']] }, // rule 9
  { name: 'Tizanidine 4 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['57258', 4, 'mg']] }, // rule 13
  { name: 'Carbamazepine 200 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['2002', 200, 'mg']] }, // rule 10
  {
    name: 'Haloperidol 5 mg/mL injection',
    doseForm: 'solution_for_injection',
    route: 'intramuscular',
    ingredients: [['5093', 5, 'mg/mL']],
  },
  { name: 'Lorazepam 1 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6470', 1, 'mg']] },
  { name: 'Gabapentin 300 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['25480', 300, 'mg']] },
  { name: 'Ergotamine 1 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['4025', 1, 'mg']], onFormulary: false }, // rule 12
  {
    name: 'Methylene blue 5 mg/mL injection',
    doseForm: 'solution_for_injection',
    route: 'intravenous',
    ingredients: [['6878', 5, 'mg/mL']],
  }, // rule 15
  // Immunology, oncology, gout (rules 3 and 5)
  { name: 'Methotrexate 2.5 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['6851', 2.5, 'mg']] },
  { name: 'Azathioprine 50 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['1256', 50, 'mg']] }, // rule 3
  { name: 'Febuxostat 80 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['73689', 80, 'mg']] }, // rule 3
  { name: 'Allopurinol 100 mg tablet', doseForm: 'tablet', route: 'oral', ingredients: [['519', 100, 'mg']] },
  {
    name: 'Irinotecan 20 mg/mL infusion concentrate',
    doseForm: 'solution_for_infusion',
    route: 'intravenous',
    ingredients: [['51499', 20, 'mg/mL']],
  }, // rule 5
  { name: 'Procarbazine 50 mg capsule', doseForm: 'capsule', route: 'oral', ingredients: [['8702', 50, 'mg']] }, // rule 14
  // Respiratory
  {
    name: 'Albuterol 100 microgram/dose inhaler',
    doseForm: 'inhalation_aerosol',
    route: 'inhalation',
    ingredients: [['435', 100, 'ug/{actuat}']],
  },
];

/** The e-mail of the demo account recorded as having entered the formulary. */
export const DEMO_FORMULARY_AUTHOR = 'pharmacist@carewell.test';
