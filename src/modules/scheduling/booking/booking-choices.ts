import type { Db } from '../../../platform/db/database.js';
import { SUPPORTED_LOCALES } from '../../../platform/i18n/i18n.js';
import { listSpecialties, listStaffDirectory } from '../../staff/index.js';
import { listVisitTypes } from '../availability/services/availability.service.js';
import type { SearchChoices } from './views/booking-parts.js';

/**
 * The choices of the find-a-time form (public directory data, no PHI): specialties, visit types,
 * and — once a specialty is chosen — its clinicians and the languages they speak.
 */
export async function searchChoices(db: Db, specialty: string | undefined): Promise<SearchChoices> {
  const [specialties, visitTypes] = await Promise.all([listSpecialties(db), listVisitTypes(db)]);
  if (!specialty) return { specialties, visitTypes, clinicians: [], languages: [...SUPPORTED_LOCALES] };
  const members = (await listStaffDirectory(db, { limit: 100, specialty })).items.filter((m) => m.role !== 'patient');
  const languages = [...new Set(members.flatMap((m) => m.languages.map((l) => l.split('-')[0]!.toLowerCase())))].sort();
  return {
    specialties,
    visitTypes,
    clinicians: members.map((m) => ({ id: m.id, name: m.title ? `${m.title} ${m.name}` : m.name })),
    languages,
  };
}
