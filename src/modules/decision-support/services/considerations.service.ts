import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../platform/db/read-together.js';
import { readEncounterFindings, type EncounterFindings } from '../../records/index.js';
import { selectConditions, selectGuidelines } from '../decision-support.repository.js';
import type { ConsiderationsResponse, LabResultInput } from '../decision-support.schemas.js';
import { ensureKnowledgeBaseLoaded } from './knowledge-base-loader.service.js';
import { matchGuidelines, rankConditions, type EncounterEvidence } from './ranking.js';

export interface EncounterConsiderations extends ConsiderationsResponse {
  findings: EncounterFindings;
}

/**
 * "Things to consider" for an encounter: the record's findings (read, access-checked and audited
 * as reading the encounter is), plus lab results when a caller has them, ranked against the
 * active knowledge base, with the guidelines its diagnoses and results call up. Never a diagnosis.
 */
export async function getEncounterConsiderations(
  db: Db,
  ctx: ServiceContext,
  encounterId: string,
  options: { labResults?: LabResultInput[] } = {},
): Promise<EncounterConsiderations> {
  const findings = await readEncounterFindings(db, ctx, encounterId);
  await ensureKnowledgeBaseLoaded(db, ctx.now);
  const kb = await readTogether(db, {
    conditions: deferRead(selectConditions(db, { activeOnly: true }), (rows) => rows.map((r) => r.condition)),
    guidelines: deferRead(selectGuidelines(db), (rows) => rows),
  });
  const evidence: EncounterEvidence = {
    texts: findings.noteTexts,
    diagnosisCodes: findings.diagnoses.map((d) => d.code),
    observations: findings.observations,
    labResults: options.labResults,
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
