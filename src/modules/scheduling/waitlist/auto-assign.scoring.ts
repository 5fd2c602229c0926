/**
 * Automated assignment, the pure part: each clinician's earliest free slot is scored, the highest
 * score wins. Points are "days of waiting" in disguise, so the weights read as trade-offs:
 *
 * | rule | points | so… |
 * |---|---|---|
 * | waiting: each whole day after the earliest slot of any candidate | −10 per day | a slot one day later must be worth 10 points more |
 * | speaks the patient's language | +30 | worth up to 3 days' wait: language beats an earlier slot 1–2 days away, not 3+ |
 * | the clinician the request prefers (`preferredStaffId`) | +25 | worth up to 2 days' wait |
 * | saw the patient before (a completed or checked-in visit) | +20 (not added to the +25 above) | worth up to 2 days' wait; never beats language on its own |
 * | load: fewest active appointments in the window | +10 × (1 − load ÷ busiest load) | at most 10: breaks ties inside the same day, never outweighs a day's wait, language or continuity |
 *
 * Ties go to the earlier slot, then the lighter load, then the staff id (stable answers). The
 * reasons name every rule that favoured the winner, in plain words.
 */

export const WEIGHTS = { perDayWaited: 10, speaksLanguage: 30, preferred: 25, seenBefore: 20, lighterLoad: 10 } as const;
const DAY_MS = 86_400_000;

export type ReasonCode = 'earliest' | 'language' | 'preferred' | 'seen_before' | 'lighter_load';

export interface AssignmentCandidate {
  staffId: string;
  /** The clinician's earliest free slot in the window. */
  startsAt: Date;
  speaksLanguage: boolean;
  preferred: boolean;
  seenBefore: boolean;
  /** Active appointments in the window. */
  load: number;
}

export interface RankedCandidate extends AssignmentCandidate {
  score: number;
  reasons: ReasonCode[];
}

export function rankCandidates(candidates: AssignmentCandidate[]): RankedCandidate[] {
  if (candidates.length === 0) return [];
  const earliest = Math.min(...candidates.map((c) => c.startsAt.getTime()));
  const busiest = Math.max(...candidates.map((c) => c.load));
  const lightest = Math.min(...candidates.map((c) => c.load));
  const ranked = candidates.map((c): RankedCandidate => {
    const daysWaited = Math.floor((c.startsAt.getTime() - earliest) / DAY_MS);
    const loadPoints = busiest > 0 ? WEIGHTS.lighterLoad * (1 - c.load / busiest) : 0;
    const score =
      -WEIGHTS.perDayWaited * daysWaited +
      (c.speaksLanguage ? WEIGHTS.speaksLanguage : 0) +
      (c.preferred ? WEIGHTS.preferred : c.seenBefore ? WEIGHTS.seenBefore : 0) +
      loadPoints;
    const reasons: ReasonCode[] = [];
    if (c.startsAt.getTime() === earliest) reasons.push('earliest');
    if (c.speaksLanguage) reasons.push('language');
    if (c.preferred) reasons.push('preferred');
    if (c.seenBefore) reasons.push('seen_before');
    if (candidates.length > 1 && busiest > lightest && c.load < busiest) reasons.push('lighter_load');
    return { ...c, score: Math.round(score * 100) / 100, reasons };
  });
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.startsAt.getTime() - b.startsAt.getTime() ||
      a.load - b.load ||
      (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0),
  );
}
