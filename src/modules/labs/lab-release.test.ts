import { describe, expect, it } from 'vitest';
import { DEFAULT_RELEASE_RULES, defaultCategoryOf, isReleased, releaseRuleErrors } from './services/lab-release.js';

const resultedAt = new Date('2026-03-10T08:00:00Z');
const reviewedAt = new Date('2026-03-11T09:30:00Z');
const at = (ms: number) => new Date(resultedAt.getTime() + ms);
const DAY = 86_400_000;

describe('isReleased', () => {
  it('never releases a preliminary value or an order not yet resulted, whatever the rule', () => {
    for (const rule of [
      { rule: 'immediately', days: null },
      { rule: 'after_review', days: null },
      { rule: 'after_days', days: 1 },
    ] as const) {
      expect(isReleased(rule, { resultStatus: 'preliminary', resultedAt, reviewedAt }, at(30 * DAY))).toBe(false);
      expect(isReleased(rule, { resultStatus: 'final', resultedAt: null, reviewedAt: null }, at(30 * DAY))).toBe(false);
    }
  });

  it('immediately: from the resulting instant on, final or corrected', () => {
    const rule = { rule: 'immediately', days: null } as const;
    expect(isReleased(rule, { resultStatus: 'final', resultedAt, reviewedAt: null }, at(-1))).toBe(false);
    expect(isReleased(rule, { resultStatus: 'final', resultedAt, reviewedAt: null }, at(0))).toBe(true);
    expect(isReleased(rule, { resultStatus: 'corrected', resultedAt, reviewedAt: null }, at(0))).toBe(true);
  });

  it('after review: not before the review, from its instant on', () => {
    const rule = { rule: 'after_review', days: null } as const;
    expect(isReleased(rule, { resultStatus: 'final', resultedAt, reviewedAt: null }, at(365 * DAY))).toBe(false);
    expect(isReleased(rule, { resultStatus: 'final', resultedAt, reviewedAt }, new Date(reviewedAt.getTime() - 1))).toBe(false);
    expect(isReleased(rule, { resultStatus: 'final', resultedAt, reviewedAt }, reviewedAt)).toBe(true);
  });

  it('after N days: at resulting + N days exactly, or at the review if sooner', () => {
    const rule = { rule: 'after_days', days: 3 } as const;
    const unreviewed = { resultStatus: 'final', resultedAt, reviewedAt: null } as const;
    expect(isReleased(rule, unreviewed, at(3 * DAY - 1))).toBe(false);
    expect(isReleased(rule, unreviewed, at(3 * DAY))).toBe(true);
    const reviewed = { resultStatus: 'final', resultedAt, reviewedAt } as const;
    expect(isReleased(rule, reviewed, new Date(reviewedAt.getTime() - 1))).toBe(false);
    expect(isReleased(rule, reviewed, reviewedAt)).toBe(true);
  });
});

describe('release rule defaults and validation', () => {
  it('ships a rule for every category and categories for the default tests', () => {
    expect(DEFAULT_RELEASE_RULES.cardiac_markers).toEqual({ rule: 'after_days', days: 3 });
    expect(defaultCategoryOf('HGB')).toBe('haematology');
    expect(defaultCategoryOf('INR')).toBe('coagulation');
    expect(defaultCategoryOf('K')).toBe('chemistry');
  });

  it('refuses an unknown rule and days outside 1–365 for after_days', () => {
    expect(releaseRuleErrors({ rule: 'whenever', days: null })[0]?.path).toBe('rule');
    expect(releaseRuleErrors({ rule: 'after_days', days: null })[0]?.path).toBe('days');
    expect(releaseRuleErrors({ rule: 'after_days', days: 0 })[0]?.path).toBe('days');
    expect(releaseRuleErrors({ rule: 'after_days', days: 366 })[0]?.path).toBe('days');
    expect(releaseRuleErrors({ rule: 'after_days', days: 365 })).toEqual([]);
    expect(releaseRuleErrors({ rule: 'after_review', days: null })).toEqual([]);
  });
});
