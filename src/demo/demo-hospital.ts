import type { Role } from '../platform/auth/auth.tables.js';

/**
 * The demo hospital: fictional people only. Every account shares DEMO_PASSWORD, and every staff
 * account has DEMO_TOTP_SECRET pre-enrolled, so a tester can sign in as anyone (docs/demo.md).
 */
export const DEMO_DEPARTMENTS = [
  { code: 'CARD', name: 'Cardiology' },
  { code: 'MED', name: 'General Medicine' },
  { code: 'PED', name: 'Paediatrics' },
  { code: 'ED', name: 'Emergency Department' },
  { code: 'LAB', name: 'Laboratory' },
  { code: 'RAD', name: 'Radiology' },
  { code: 'PHAR', name: 'Pharmacy' },
  { code: 'ADM', name: 'Administration' },
] as const;

export const DEMO_SPECIALTIES = [
  { code: 'cardiology', name: 'Cardiology', department: 'CARD' },
  { code: 'general-medicine', name: 'General Medicine', department: 'MED' },
  { code: 'paediatrics', name: 'Paediatrics', department: 'PED' },
  { code: 'emergency-medicine', name: 'Emergency Medicine', department: 'ED' },
  { code: 'radiology', name: 'Radiology', department: 'RAD' },
] as const;

export interface DemoStaff {
  email: string;
  role: Exclude<Role, 'patient'>;
  givenName: string;
  familyName: string;
  title?: string;
  department: (typeof DEMO_DEPARTMENTS)[number]['code'];
  specialties?: (typeof DEMO_SPECIALTIES)[number]['code'][];
  languages: string[];
  nurseLead?: boolean;
  privacyOfficer?: boolean;
  dispatcher?: boolean;
}

export const DEMO_STAFF: DemoStaff[] = [
  {
    email: 'admin@carewell.test',
    role: 'admin',
    givenName: 'Alex',
    familyName: 'Morgan',
    title: 'Hospital administrator',
    department: 'ADM',
    languages: ['en', 'fr'],
    privacyOfficer: true,
  },
  {
    email: 'doctor@carewell.test',
    role: 'doctor',
    givenName: 'Amira',
    familyName: 'Haddad',
    title: 'Dr.',
    department: 'CARD',
    specialties: ['cardiology'],
    languages: ['en', 'ar', 'fr'],
  },
  {
    email: 'doctor2@carewell.test',
    role: 'doctor',
    givenName: 'Lucas',
    familyName: 'Moreno',
    title: 'Dr.',
    department: 'CARD',
    specialties: ['cardiology'],
    languages: ['en', 'es'],
  },
  {
    email: 'gp@carewell.test',
    role: 'doctor',
    givenName: 'Grace',
    familyName: 'Okafor',
    title: 'Dr.',
    department: 'MED',
    specialties: ['general-medicine'],
    languages: ['en'],
  },
  {
    email: 'paediatrician@carewell.test',
    role: 'doctor',
    givenName: 'Hugo',
    familyName: 'Lefèvre',
    title: 'Dr.',
    department: 'PED',
    specialties: ['paediatrics'],
    languages: ['fr', 'en'],
  },
  {
    email: 'nurse@carewell.test',
    role: 'nurse',
    givenName: 'Sam',
    familyName: 'Patel',
    department: 'CARD',
    languages: ['en'],
    nurseLead: true,
  },
  { email: 'nurse2@carewell.test', role: 'nurse', givenName: 'Lina', familyName: 'Saleh', department: 'MED', languages: ['en', 'ar'] },
  {
    email: 'reception@carewell.test',
    role: 'receptionist',
    givenName: 'Rosa',
    familyName: 'García',
    department: 'ADM',
    dispatcher: true,
    languages: ['en', 'es'],
  },
  {
    email: 'pharmacist@carewell.test',
    role: 'pharmacist',
    givenName: 'Omar',
    familyName: 'Benali',
    department: 'PHAR',
    languages: ['en', 'ar', 'fr'],
  },
  { email: 'lab@carewell.test', role: 'lab_technician', givenName: 'Mei', familyName: 'Chen', department: 'LAB', languages: ['en'] },
  {
    email: 'radiology@carewell.test',
    role: 'radiologist',
    givenName: 'Ivan',
    familyName: 'Petrov',
    title: 'Dr.',
    department: 'RAD',
    specialties: ['radiology'],
    languages: ['en'],
  },
  {
    email: 'radiographer@carewell.test',
    role: 'radiographer',
    givenName: 'Lucía',
    familyName: 'Navarro',
    department: 'RAD',
    languages: ['en', 'es'],
  },
  { email: 'billing@carewell.test', role: 'billing', givenName: 'Beth', familyName: 'Adams', department: 'ADM', languages: ['en'] },
  {
    email: 'inventory@carewell.test',
    role: 'inventory_manager',
    givenName: 'Ken',
    familyName: 'Watanabe',
    department: 'PHAR',
    languages: ['en'],
  },
  // The emergency department's doctor and nurse (docs/emergency.md): the ED board, arrivals, triage.
  {
    email: 'eddoctor@carewell.test',
    role: 'doctor',
    givenName: 'Nadia',
    familyName: 'Rahman',
    title: 'Dr.',
    department: 'ED',
    specialties: ['emergency-medicine'],
    languages: ['en', 'fr'],
  },
  { email: 'ednurse@carewell.test', role: 'nurse', givenName: 'Tom', familyName: 'Berger', department: 'ED', languages: ['en', 'fr'] },
  {
    email: 'paramedic@carewell.test',
    role: 'paramedic',
    givenName: 'Jo',
    familyName: 'Rivera',
    department: 'ED',
    specialties: ['emergency-medicine'],
    languages: ['en', 'es'],
  },
];

export interface DemoPatient {
  email?: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string;
  preferredLanguage: string;
  careTeam: string[];
  allergies?: { substance: string; rxcui?: string; reaction: string; severity: 'mild' | 'moderate' | 'severe' }[];
  noKnownAllergies?: boolean;
  conditions?: { category: 'condition' | 'surgery' | 'family_history'; description: string; icd10Code?: string }[];
  insurance?: { payer: string; memberNumber: string; groupNumber?: string; planName?: string };
  emergencyContact?: { name: string; relationship: string; phone: string };
}

/**
 * The cardiology clinic's other patients (front-desk registrations, no portal account): the demo
 * doctor's week of appointments (demo-activity.ts) is shared among them and Robert Johnson.
 */
const CLINIC_PATIENTS: DemoPatient[] = [
  ['Aiko', 'Tanaka', '1959-07-02', 'female', '+33 6 12 00 00 01', 'I10', 'Essential (primary) hypertension'],
  ['Samuel', 'Okafor', '1972-11-19', 'male', '+33 6 12 00 00 02', 'I48.91', 'Unspecified atrial fibrillation'],
  ['Elena', 'Petrova', '1948-01-30', 'female', '+33 6 12 00 00 03', 'I25.10', 'Atherosclerotic heart disease of native coronary artery'],
  ['Jonas', 'Lindqvist', '1985-05-08', 'male', '+33 6 12 00 00 04', 'E78.5', 'Hyperlipidemia, unspecified'],
  ['Fatima', 'Benali', '1963-09-23', 'female', '+33 6 12 00 00 05', 'I10', 'Essential (primary) hypertension'],
  ['Pedro', 'Alves', '1954-03-11', 'male', '+33 6 12 00 00 06', 'I50.9', 'Heart failure, unspecified'],
].map(([givenName, familyName, birthDate, sex, phone, icd10Code, description]) => ({
  givenName: givenName!,
  familyName: familyName!,
  birthDate: birthDate!,
  sex: sex as DemoPatient['sex'],
  phone: phone!,
  preferredLanguage: 'fr',
  // The clinic's nurse works with the doctor: she opens the records of the day's patients from her home.
  careTeam: ['doctor@carewell.test', 'nurse@carewell.test'],
  noKnownAllergies: true,
  conditions: [{ category: 'condition' as const, description: description!, icd10Code: icd10Code! }],
}));

export const DEMO_PATIENTS: DemoPatient[] = [
  {
    email: 'patient@carewell.test',
    givenName: 'Maria',
    familyName: 'Santos',
    birthDate: '1968-03-14',
    sex: 'female',
    phone: '+1 555 0100',
    preferredLanguage: 'en',
    careTeam: ['doctor@carewell.test', 'nurse@carewell.test'],
    allergies: [{ substance: 'penicillin', rxcui: '70618', reaction: 'Hives', severity: 'moderate' }],
    conditions: [
      { category: 'condition', description: 'Essential (primary) hypertension', icd10Code: 'I10' },
      { category: 'condition', description: 'Type 2 diabetes mellitus without complications', icd10Code: 'E11.9' },
      { category: 'family_history', description: 'Father: myocardial infarction at 58' },
    ],
    insurance: { payer: 'Northwind Health', memberNumber: 'NW-448812', groupNumber: 'G-2210', planName: 'Silver PPO' },
    emergencyContact: { name: 'João Santos', relationship: 'Spouse', phone: '+1 555 0101' },
  },
  {
    email: 'patient2@carewell.test',
    givenName: 'Youssef',
    familyName: 'Karim',
    birthDate: '1990-11-02',
    sex: 'male',
    phone: '+1 555 0110',
    preferredLanguage: 'ar',
    careTeam: ['gp@carewell.test'],
    noKnownAllergies: true,
    insurance: { payer: 'Contoso Mutual', memberNumber: 'CM-1200934' },
  },
  {
    givenName: 'Chloé',
    familyName: 'Dubois',
    birthDate: '2015-06-21',
    sex: 'female',
    phone: '+1 555 0120',
    preferredLanguage: 'fr',
    careTeam: ['paediatrician@carewell.test'],
    emergencyContact: { name: 'Claire Dubois', relationship: 'Mother', phone: '+1 555 0121' },
  },
  {
    givenName: 'Robert',
    familyName: 'Johnson',
    birthDate: '1951-09-30',
    sex: 'male',
    phone: '+1 555 0130',
    preferredLanguage: 'en',
    careTeam: ['doctor2@carewell.test'],
    allergies: [{ substance: 'warfarin', rxcui: '11289', reaction: 'Bleeding', severity: 'severe' }],
    conditions: [{ category: 'condition', description: 'Heart failure, unspecified', icd10Code: 'I50.9' }],
  },
  ...CLINIC_PATIENTS,
];

/** Consulting rooms (scheduling). */
export const DEMO_ROOMS = [
  { code: 'CARD-101', name: 'Cardiology consulting room 101', department: 'CARD' },
  { code: 'CARD-102', name: 'Cardiology consulting room 102', department: 'CARD' },
  { code: 'MED-201', name: 'General medicine room 201', department: 'MED' },
  { code: 'PED-301', name: 'Paediatrics room 301', department: 'PED' },
] as const;

/** The demo hospital's zone: its people and their working hours are all in it. */
export const DEMO_HOSPITAL_TIME_ZONE = 'Europe/Paris';

export interface DemoAvailability {
  email: string;
  timeZone: string;
  room: (typeof DEMO_ROOMS)[number]['code'];
  weekdays: number[];
  hours: [string, string][];
}

/** Weekly working hours of the demo clinicians, local wall time in their zone. */
export const DEMO_AVAILABILITY: DemoAvailability[] = [
  {
    email: 'doctor@carewell.test',
    timeZone: DEMO_HOSPITAL_TIME_ZONE,
    room: 'CARD-101',
    weekdays: [1, 2, 3, 4, 5],
    hours: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
  },
  {
    email: 'doctor2@carewell.test',
    timeZone: DEMO_HOSPITAL_TIME_ZONE,
    room: 'CARD-102',
    weekdays: [1, 2, 3, 4, 5],
    hours: [
      ['09:00', '12:00'],
      ['13:00', '17:00'],
    ],
  },
  { email: 'gp@carewell.test', timeZone: DEMO_HOSPITAL_TIME_ZONE, room: 'MED-201', weekdays: [1, 2, 3, 4, 5], hours: [['08:30', '12:30']] },
  {
    email: 'paediatrician@carewell.test',
    timeZone: DEMO_HOSPITAL_TIME_ZONE,
    room: 'PED-301',
    weekdays: [1, 3, 5],
    hours: [['09:00', '13:00']],
  },
];
