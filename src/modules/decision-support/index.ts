import type { FastifyInstance } from 'fastify';
import { registerDecisionSupportApi } from './decision-support.api.js';
import { registerDecisionSupportPages } from './decision-support.pages.js';

// What other modules may import (docs/decision-support.md); every other file here is private.
/** Started by the server at boot and by the demo seed; the test set-up loads it once into the template. */
export { ensureKnowledgeBaseLoaded, loadKnowledgeBaseIfEmpty, preloadKnowledgeBase } from './services/knowledge-base-loader.service.js';
/** The ranking, pure: other modules (labs) may pass lab results in this shape. */
export { rankConditions, type EncounterEvidence, type RankableCondition, type RankedCondition } from './services/ranking.js';
export { getEncounterConsiderations } from './services/considerations.service.js';
export type { LabResultInput, Consideration, GuidelineSummary } from './decision-support.schemas.js';
export { REVIEW_STATUSES, type ReviewStatus } from './decision-support.vocabulary.js';
/** Tables, for test fixtures. */
export { dsConditions, dsGuidelines } from './decision-support.tables.js';

/**
 * Decision support in the encounter: "things to consider" ranked from the record's findings against
 * a knowledge base the hospital edits and its doctors approve, and a guideline library with the
 * hospital's protocols. Reads the record only through src/modules/records' index.
 */
export function registerDecisionSupportModule(app: FastifyInstance): void {
  registerDecisionSupportApi(app);
  registerDecisionSupportPages(app);
}
