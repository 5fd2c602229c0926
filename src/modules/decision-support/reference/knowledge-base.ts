import type { KbConditionInput } from '../decision-support.schemas.js';
import { ACUTE_ENTRIES } from './knowledge-base-acute.js';
import { MORE_ENTRIES } from './knowledge-base-more.js';

/*
 * The shipped knowledge base: conditions common in outpatient and emergency care, written in our own
 * words from the public source each entry names. Entries marked `reference` use only facts of the
 * project's clinical reference (NEWS2, qSOFA, ADA, ACC/AHA, UKKA as restated in
 * docs/decision-support.md); every other entry ships `unreviewed` and is shown with that mark until
 * a doctor of the hospital approves it. Weights (1-10) are ours: how strongly a finding points to
 * the condition among the others here, not a probability. Loaded once into an empty table
 * (services/knowledge-base-loader.service.ts); the hospital edits the rows, never this file.
 */
export const KNOWLEDGE_BASE: KbConditionInput[] = [...ACUTE_ENTRIES, ...MORE_ENTRIES];
