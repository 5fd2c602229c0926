import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../platform/db/read-together.js';
import { readReference } from '../../../platform/db/reference-cache.js';
import { readLabEvidence } from '../../labs/index.js';
import { readEncounterFindings, type EncounterFindings } from '../../records/index.js';
import { selectConditions, selectGuidelines } from '../decision-support.repository.js';
import type { ConsiderationsResponse, LabResultInput } from '../decision-support.schemas.js';
import { ensureKnowledgeBaseLoaded } from './knowledge-base-loader.service.js';
import { matchGuidelines, rankConditions, type EncounterEvidence } from './ranking.js';

export interface EncounterConsiderations extends ConsiderationsResponse {
  findings: EncounterFindings;
}

/** Lab results count from a week before the encounter began: a panel drawn for the visit may come first. */
const LAB_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The active entries and the guideline library, as every encounter's panel ranks them: kept by the
 * reference cache until either table changes, which the database signals itself (drizzle/0068).
 * Read whole on each panel, they were its largest statement. (The approver's e-mail the entries'
 * query joins is not kept, so an account change need not drop them.)
 */
function readActiveKnowledgeBase(db: Db) {
  return readReference(db, 'decision-support:active-knowledge-base', ['ds_conditions', 'ds_guidelines'], () =>
    readTogether(db, {
      conditions: deferRead(selectConditions(db, { activeOnly: true }), (rows) => rows.map((r) => r.condition)),
      guidelines: deferRead(selectGuidelines(db), (rows) => rows),
    }),
  );
}

/**
 * "Things to consider" for an encounter: the record's findings (read, access-checked and audited
 * as reading the encounter is), plus the patient's newest final lab results from a week before the
 * encounter to its end (the same access decision and audit row: the considerations section), ranked
 * against the active knowledge base, with the guidelines its diagnoses and results call up. Never a
 * diagnosis. A caller may pass lab results instead (tests).
 */
export async function getEncounterConsiderations(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
  options: { labResults?: LabResultInput[] } = {},
): Promise<EncounterConsiderations> {
  const findings = await readEncounterFindings(db, ctx, encounterId);
  const labResults =
    options.labResults ??
    (
      await readLabEvidence(db, findings.patientId, {
        from: new Date(findings.period.start.getTime() - LAB_LOOKBACK_MS),
        to: findings.period.end ?? ctx.now,
      })
    ).map(({ loinc, value, unit }) => ({ loinc, value, unit }));
  await ensureKnowledgeBaseLoaded(db, ctx.now);
  const kb = await readActiveKnowledgeBase(db);
  const evidence: EncounterEvidence = {
    texts: findings.noteTexts,
    diagnosisCodes: findings.diagnoses.map((d) => d.code),
    observations: findings.observations,
    labResults,
  };
  const ranked = rankConditions(kb.conditions, evidence);
  return {
    encounterId,
    presentation: 'things_to_consider',
    findings,
    items: ranked.map((r) => ({
      conditionId: r.condition.id,
      name: r.condition.name,
      icd10Code: r.condition.icd10Code,
      score: r.score,
      reviewStatus: r.condition.reviewStatus,
      evidence: r.evidence,
      toTellApart: r.condition.discriminators.map((d) => ({ label: d.label, loinc: d.loinc ?? null })),
      source: { title: r.condition.sourceTitle, url: r.condition.sourceUrl },
    })),
    guidelines: matchGuidelines(kb.guidelines, evidence).map(({ guideline: g, matchedBy }) => ({
      id: g.id,
      title: g.title,
      summary: g.summary,
      origin: g.origin,
      source: { title: g.sourceTitle, url: g.sourceUrl },
      matchedBy,
    })),
  };
}
