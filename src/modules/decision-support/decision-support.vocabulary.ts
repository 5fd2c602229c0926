/** The words of decision support: how an entry stands, and where a guideline came from. */

/**
 * `reference`: every fact of the entry is in the project's clinical reference (docs/decision-support.md);
 * `unreviewed`: written from a public source but not yet checked by a doctor of this hospital (shown
 * with that mark); `approved`: a doctor of this hospital approved it (who and when kept, audited).
 */
export const REVIEW_STATUSES = ['unreviewed', 'reference', 'approved'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** `shipped`: a summary that comes with Carewell; `hospital`: a protocol this hospital added. */
export const GUIDELINE_ORIGINS = ['shipped', 'hospital'] as const;
export type GuidelineOrigin = (typeof GUIDELINE_ORIGINS)[number];

export const COMPARATORS = ['>', '>=', '<', '<='] as const;
export type Comparator = (typeof COMPARATORS)[number];
