import { describe, expect, it } from 'vitest';
import { rankCandidates, type AssignmentCandidate } from './auto-assign.scoring.js';

const day = (n: number, hour = 9) => new Date(Date.UTC(2026, 11, 1 + n, hour));
const base = (staffId: string, over: Partial<AssignmentCandidate> = {}): AssignmentCandidate => ({
  staffId,
  startsAt: day(0),
  speaksLanguage: false,
  preferred: false,
  seenBefore: false,
  load: 0,
  ...over,
});
const winner = (cs: AssignmentCandidate[]) => rankCandidates(cs)[0]!.staffId;

describe('auto-assign scoring (the documented rules)', () => {
  it('earliest wins when nothing else differs, and says so', () => {
    const ranked = rankCandidates([base('b', { startsAt: day(0, 10) }), base('a', { startsAt: day(0, 9) })]);
    expect(ranked[0]!.staffId).toBe('a');
    expect(ranked[0]!.reasons).toEqual(['earliest']);
  });

  it('an earlier day beats a lighter load', () => {
    expect(winner([base('busy-today', { load: 10 }), base('free-tomorrow', { startsAt: day(1), load: 0 })])).toBe('busy-today');
  });

  it('a lighter load decides within the same day', () => {
    const ranked = rankCandidates([base('busy', { startsAt: day(0, 9), load: 8 }), base('light', { startsAt: day(0, 11), load: 2 })]);
    expect(ranked[0]!.staffId).toBe('light');
    expect(ranked[0]!.reasons).toEqual(['lighter_load']);
  });

  it('language beats load and up to two days of waiting, but not three', () => {
    expect(winner([base('light', { load: 0 }), base('speaks', { speaksLanguage: true, load: 9 })])).toBe('speaks');
    expect(winner([base('now', { load: 5 }), base('speaks', { startsAt: day(2), speaksLanguage: true, load: 5 })])).toBe('speaks');
    expect(winner([base('now'), base('speaks', { startsAt: day(3), speaksLanguage: true })])).toBe('now');
  });

  it('a previous clinician beats an earlier slot one day sooner, not language', () => {
    expect(winner([base('now'), base('seen', { startsAt: day(1), seenBefore: true })])).toBe('seen');
    expect(winner([base('now'), base('seen', { startsAt: day(2), seenBefore: true })])).toBe('now'); // tie at −0 vs 0: earlier slot
    expect(winner([base('seen', { seenBefore: true }), base('speaks', { speaksLanguage: true })])).toBe('speaks');
  });

  it('the requested clinician counts once (not added to "seen before") and beats one day of waiting', () => {
    const ranked = rankCandidates([base('now'), base('asked', { startsAt: day(1), preferred: true, seenBefore: true })]);
    expect(ranked[0]!.staffId).toBe('asked');
    expect(ranked[0]!.score).toBe(25 - 10);
    expect(ranked[0]!.reasons).toEqual(['preferred', 'seen_before']);
  });

  it('ties go to the earlier slot, then the lighter load, then the id', () => {
    expect(winner([base('b'), base('a')])).toBe('a');
  });
});
