import type { IntegrationContext, ServiceContext } from '../../../platform/auth/actor.js';
import { randomUUID } from 'node:crypto';
import { auditActorOf, auditInsertOf, writeAudit } from '../../../platform/audit/audit.service.js';
import type { Db } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../../platform/http/api-helpers.js';
import {
  findDuplicateCandidates,
  insertPatientWith,
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
import { toProfile } from './patient-profile.service.js';
import { patientLinkCodeInsertOf } from './patient-accounts.service.js';

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
      // Showing a candidate discloses its registration data: each one is audited (root handle: the 409 rolls nothing back).
      for (const row of rows) {
        await writeAudit(
          db,
          auditActorOf(ctx.actor),
          ctx.origin,
          {
            action: 'patient.duplicate_candidate',
            resourceType: 'patient',
            resourceId: row.id,
            patientId: row.id,
            category: 'registration',
          },
          ctx.now,
        );
      }
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
  const audit = auditInsertOf(
    db,
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
  const link = patientLinkCodeInsertOf(db, patientId, ctx.now);
  // The patient, its audit row and its link code: one statement, all or nothing.
  const row = await insertPatientWith(
    db,
    {
      id: patientId,
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      sex: input.sex ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      address: input.address ?? null,
      preferredLanguage: input.preferredLanguage ?? null,
    },
    ctx.now,
    [audit, link.insert],
  );
  return { patient: toProfile(row, 'registration'), linkCode: link.token };
}

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
  // Two statements, no transaction: the search, then the audit row naming how many it found. The
  // row commits before any result is returned (an audit failure answers an error, not the list).
  const rows = await searchPatients(db, mode, page);
  const items = rows.slice(0, params.limit);
  await writeAudit(
    db,
    auditActorOf(ctx.actor),
    ctx.origin,
    {
      action: 'patient.search',
      resourceType: 'patient',
      category: 'registration',
      detail: { mode: mode.kind, resultCount: items.length },
    },
    ctx.now,
  );
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({
      id: r.id,
      mrn: r.mrn,
      givenName: r.givenName,
      familyName: r.familyName,
      birthDate: r.birthDate,
      sex: r.sex ?? null,
    })),
    nextCursor: rows.length > params.limit && last ? nextCursorOf(mode, page, last) : null,
  };
}

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
