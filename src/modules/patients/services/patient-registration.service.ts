import type { IntegrationContext, ServiceContext } from '../../../platform/auth/actor.js';
import { randomUUID } from 'node:crypto';
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import {
  auditActorOf,
  auditPatientsAccess,
  auditInsertFromRows,
  auditValues,
  preparedAuditInsert,
  preparedAuditValuesInsert,
} from '../../../platform/audit/audit.service.js';
import { preparedOneTimeTokenInsert } from '../../../platform/auth/one-time-tokens.js';
import { deferRead, preparedReadWithWrites, readWithWrites } from '../../../platform/db/read-together.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import {
  findDuplicateCandidates,
  indexedNameSearch,
  nameSearchShapeOf,
  nameSearchTerms,
  type NameSearchShape,
  preparedPatientInsertWith,
  isIndexedNameSearch,
  searchPatients,
  type SearchMode,
  type SearchPage,
} from '../patients.repository.js';
import {
  isoDate,
  type DuplicateCandidate,
  type PatientProfile,
  type PatientSummary,
  type RegisterPatientInput,
} from '../patients.schemas.js';
import { toProfile, unidentifiedOf } from './patient-profile.service.js';
import { patientLinkCodeValues } from './patient-accounts.service.js';

/**
 * Front-desk registration of a walk-in. A possible duplicate (same birth date and a similar name)
 * answers 409 possible_duplicate with the candidates, unless the clerk confirms it is not one.
 * Success gives the record (MRN from the sequence) and a link code to print for the patient.
 */
export async function registerPatient(
  db: Db,
  ctx: ServiceContext,
  input: RegisterPatientInput,
): Promise<{ patient: PatientProfile; linkCode: string }> {
  if (!input.confirmNotDuplicate) {
    const rows = await findDuplicateCandidates(db, input);
    if (rows.length > 0) {
      // Showing a candidate discloses its registration data: each one is audited, all in one insert
      // (root handle: the 409 rolls nothing back).
      await auditPatientsAccess(
        db,
        auditActorOf(ctx.actor),
        ctx.origin,
        rows.map((row) => ({
          action: 'patient.duplicate_candidate',
          resourceType: 'patient',
          resourceId: row.id,
          patientId: row.id,
          category: 'registration' as const,
        })),
        ctx.now,
      );
      const candidates: DuplicateCandidate[] = rows.map((r) => ({
        id: r.id,
        mrn: r.mrn,
        name: `${r.givenName} ${r.familyName}`,
        birthDate: r.birthDate,
      }));
      throw conflict(
        'A patient with the same birth date and a similar name is already registered. Check the candidates, or confirm this is a different person.',
        'possible_duplicate',
        { candidates },
      );
    }
  }
  const patientId = randomUUID();
  const audit = auditValues(
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'patient.register',
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      category: 'registration',
      detail: { confirmedNotDuplicate: !!input.confirmNotDuplicate },
    },
    ctx.now,
  );
  const link = patientLinkCodeValues(patientId, ctx.now);
  // The patient, its audit row and its link code: one statement, all or nothing.
  const row = await registrationInsert(db, {
    id: patientId,
    givenName: input.givenName,
    familyName: input.familyName,
    birthDate: input.birthDate,
    sex: input.sex ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    now: ctx.now,
    ...audit,
    ...link.values,
  });
  return { patient: toProfile(row, 'registration'), linkCode: link.token };
}

/** The new patient with their audit row and link code: one statement, built once. */
const registrationInsert = preparedPatientInsertWith('carewell_patient_registration', (db, param: (name: string) => Placeholder) => [
  preparedAuditValuesInsert(db, param),
  preparedOneTimeTokenInsert(db, param),
]);

/** How a search term is read: a birth date, an MRN (digits), or a name. */
export function searchModeOf(query: string | undefined): SearchMode {
  const value = query?.trim() ?? '';
  if (!value) return { kind: 'all' };
  if (isoDate.safeParse(value).success) return { kind: 'birthDate', value };
  if (/^\d+$/.test(value)) return { kind: 'mrn', value };
  return { kind: 'name', value };
}

/**
 * Staff search: registration-tier fields only, ranked, keyset-paginated. The term itself is PHI:
 * it is never logged nor written to the audit row (which records the result count).
 */
export async function findPatients(
  db: Db,
  ctx: ServiceContext | IntegrationContext,
  params: { query?: string; limit: number; cursor?: string },
): Promise<{ items: PatientSummary[]; nextCursor: string | null }> {
  const mode = searchModeOf(params.query);
  const page = searchPageOf(mode, params);
  // ONE statement, no transaction: the search, and the audit row naming how many it found, written
  // from the search's own rows; the row commits with the search, before any result is returned.
  const actor = auditActorOf(ctx.actor);
  const entry = { action: 'patient.search', resourceType: 'patient', category: 'registration' } as const;
  const needle = mode.kind === 'name' && isIndexedNameSearch(mode) ? mode.value.toLowerCase() : undefined;
  const rows =
    needle !== undefined
      ? await nameSearchesWithAudit[nameSearchShapeOf(needle)](db, {
          ...nameSearchTerms(needle, page.offset ?? 0, page.limit + 1),
          mode: mode.kind,
          shown: page.limit,
          ...auditValues(actor, ctx.origin, entry, ctx.now),
        })
      : await readWithWrites(db, {
          read: deferRead(searchPatients(db, mode, page), (found) => found),
          writes: (found) => [
            auditInsertFromRows(actor, ctx.origin, entry, ctx.now, found, { detail: searchAuditDetail(mode.kind, page.limit) }),
          ],
        });
  const items = rows.slice(0, params.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      mrn: r.mrn,
      givenName: r.givenName,
      familyName: r.familyName,
      birthDate: r.birthDate,
      sex: r.sex ?? null,
      unidentified: unidentifiedOf(r),
    })),
    nextCursor: rows.length > params.limit && last ? nextCursorOf(mode, page, last) : null,
  };
}

/**
 * The search's audit detail, from its rows (`found`): the kind of term and how many patients were
 * shown (the page's extra row, which only tells that more follow, is not shown). Never the term.
 */
function searchAuditDetail(mode: Placeholder | string, shown: Placeholder | number): SQL {
  return sql`jsonb_build_object('mode', ${mode}::text, 'resultCount', least(count(*), ${shown}::int))`;
}

/** The name search of three letters or more with its audit row, as one statement built once per shape (the hot path). */
function nameSearchWithAuditOf(shape: NameSearchShape) {
  return preparedReadWithWrites((db, param: (name: string) => Placeholder) => ({
    read: deferRead(
      indexedNameSearch(
        db,
        { needle: param('needle'), needleEnd: param('needleEnd'), offset: param('offset'), reach: param('reach'), take: param('take') },
        shape,
      ),
      (found) => found,
    ),
    writes: (found) => [preparedAuditInsert(param, found, { detail: searchAuditDetail(param('mode'), param('shown')) })],
  }));
}
const nameSearchesWithAudit = { oneName: nameSearchWithAuditOf('oneName'), wholeName: nameSearchWithAuditOf('wholeName') };

/** A name search pages by position (see searchPatients); every other search by its last (rank, id). */
function searchPageOf(mode: SearchMode, params: { limit: number; cursor?: string }): SearchPage {
  const cursor = decodeCursor(params.cursor);
  if (isIndexedNameSearch(mode)) {
    const offset = cursor?.[0] === 'offset' && typeof cursor[1] === 'number' ? cursor[1] : 0;
    return { limit: params.limit, offset: Math.max(0, Math.min(Math.trunc(offset), MAX_NAME_SEARCH_RESULTS)) };
  }
  const after = cursor && typeof cursor[0] === 'number' && typeof cursor[1] === 'string' ? { rank: cursor[0], id: cursor[1] } : undefined;
  return { limit: params.limit, ...(after ? { after } : {}) };
}

function nextCursorOf(mode: SearchMode, page: SearchPage, last: { rank: number; id: string }): string | null {
  if (!isIndexedNameSearch(mode)) return encodeCursor([Number(last.rank), last.id]);
  const next = (page.offset ?? 0) + page.limit;
  // Past this many results the term needs narrowing (a birth date or more of the name), not paging.
  return next < MAX_NAME_SEARCH_RESULTS ? encodeCursor(['offset', next]) : null;
}

/** How deep a name search can be paged. */
const MAX_NAME_SEARCH_RESULTS = 1000;
