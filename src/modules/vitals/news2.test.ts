import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACVPU,
  ageInYearsAt,
  news2,
  news2Applicable,
  responseOf,
  scoreConsciousness,
  scorePulse,
  scoreRespiratoryRate,
  scoreSpo2Scale1,
  scoreSpo2Scale2,
  scoreSystolicBp,
  scoreTemperature,
  type News2Input,
} from './news2.js';

/**
 * The published RCP 2017 chart (../shared/CLINICAL.md §4.1), written as data independently of the
 * code under test: each band is [lowest value, highest value, score] at the chart's precision.
 */
const TABLE: Record<string, { step: number; bands: [number, number, number][]; score: (v: number) => number }> = {
  respiratoryRate: {
    step: 1,
    bands: [
      [0, 8, 3],
      [9, 11, 1],
      [12, 20, 0],
      [21, 24, 2],
      [25, 80, 3],
    ],
    score: scoreRespiratoryRate,
  },
  spo2Scale1: {
    step: 1,
    bands: [
      [50, 91, 3],
      [92, 93, 2],
      [94, 95, 1],
      [96, 100, 0],
    ],
    score: scoreSpo2Scale1,
  },
  spo2Scale2OnAir: {
    step: 1,
    bands: [
      [50, 83, 3],
      [84, 85, 2],
      [86, 87, 1],
      [88, 92, 0],
      [93, 100, 0],
    ],
    score: (v) => scoreSpo2Scale2(v, false),
  },
  spo2Scale2OnOxygen: {
    step: 1,
    bands: [
      [50, 83, 3],
      [84, 85, 2],
      [86, 87, 1],
      [88, 92, 0],
      [93, 94, 1],
      [95, 96, 2],
      [97, 100, 3],
    ],
    score: (v) => scoreSpo2Scale2(v, true),
  },
  systolicBp: {
    step: 1,
    bands: [
      [40, 90, 3],
      [91, 100, 2],
      [101, 110, 1],
      [111, 219, 0],
      [220, 300, 3],
    ],
    score: scoreSystolicBp,
  },
  pulse: {
    step: 1,
    bands: [
      [20, 40, 3],
      [41, 50, 1],
      [51, 90, 0],
      [91, 110, 1],
      [111, 130, 2],
      [131, 300, 3],
    ],
    score: scorePulse,
  },
  temperature: {
    step: 0.1,
    bands: [
      [25, 35.0, 3],
      [35.1, 36.0, 1],
      [36.1, 38.0, 0],
      [38.1, 39.0, 1],
      [39.1, 45, 2],
    ],
    score: scoreTemperature,
  },
};

describe('NEWS2 parameter scores against the published chart', () => {
  for (const [name, { step, bands, score }] of Object.entries(TABLE)) {
    it(`${name}: every band edge (both ends of every band) scores as published`, () => {
      for (const [lo, hi, expected] of bands) {
        expect(score(lo), `${name} ${lo}`).toBe(expected);
        expect(score(hi), `${name} ${hi}`).toBe(expected);
      }
    });
    it(`${name}: every value in the chart's range, at its precision, scores as its band`, () => {
      const bandOf = (v: number) => bands.find(([lo, hi]) => v >= lo - 1e-9 && v <= hi + 1e-9)![2];
      fc.assert(
        fc.property(fc.integer({ min: Math.round(bands[0]![0] / step), max: Math.round(bands.at(-1)![1] / step) }), (n) => {
          const v = Math.round(n * step * 10) / 10;
          expect(score(v)).toBe(bandOf(v));
        }),
        { numRuns: 500 },
      );
    });
  }

  it('temperature is scored at one decimal: 35.04 is 35.0 (3), 35.05 is 35.1 (1)', () => {
    expect(scoreTemperature(35.04)).toBe(3);
    expect(scoreTemperature(35.05)).toBe(1);
    expect(scoreTemperature(38.04)).toBe(0);
    expect(scoreTemperature(39.06)).toBe(2);
  });

  it('consciousness: alert 0; new confusion, voice, pain, unresponsive 3', () => {
    expect(ACVPU.map(scoreConsciousness)).toEqual([0, 3, 3, 3, 3]);
  });
});

const complete: News2Input = {
  respiratoryRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  consciousness: 'alert',
  temperature: 37,
};

const inputArb = fc.record({
  respiratoryRate: fc.integer({ min: 2, max: 80 }),
  spo2: fc.integer({ min: 50, max: 100 }),
  onOxygen: fc.boolean(),
  systolicBp: fc.integer({ min: 40, max: 300 }),
  pulse: fc.integer({ min: 20, max: 300 }),
  consciousness: fc.constantFrom(...ACVPU),
  temperature: fc.integer({ min: 250, max: 450 }).map((n) => n / 10),
});

describe('NEWS2 aggregate', () => {
  it('a normal complete set on air scores 0: routine, 12-hourly', () => {
    const s = news2(complete);
    expect(s).toMatchObject({ complete: true, total: 0, response: 'routine', risk: 'low', observationIntervalMinutes: 720 });
  });

  it('oxygen adds 2 on top of the SpO2 band', () => {
    expect(news2({ ...complete, onOxygen: true, spo2: 95 }).total).toBe(3);
  });

  it('property: a complete set totals the sum of its seven parameter scores, and the response follows the RCP bands', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(1 as const, 2 as const), (input, scale) => {
        const s = news2(input, scale);
        const spo2 = scale === 1 ? scoreSpo2Scale1(input.spo2) : scoreSpo2Scale2(input.spo2, input.onOxygen);
        const sum =
          scoreRespiratoryRate(input.respiratoryRate) +
          spo2 +
          (input.onOxygen ? 2 : 0) +
          scoreSystolicBp(input.systolicBp) +
          scorePulse(input.pulse) +
          scoreConsciousness(input.consciousness) +
          scoreTemperature(input.temperature);
        expect(s.complete).toBe(true);
        expect(s.total).toBe(sum);
        const red = Object.values(s.parameterScores).includes(3);
        const expected = sum >= 7 ? 'emergency' : sum >= 5 || red ? 'urgent' : sum >= 1 ? 'ward' : 'routine';
        expect(s.response).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: an incomplete set has no total; any parameter scoring 3 still triggers the urgent response', () => {
    fc.assert(
      fc.property(inputArb, fc.subarray(Object.keys(complete) as (keyof News2Input)[], { minLength: 1 }), (input, drop) => {
        const partial: News2Input = { ...input };
        for (const k of drop) delete partial[k];
        const s = news2(partial, 1);
        expect(s.complete).toBe(false);
        expect(s.total).toBeNull();
        expect(s.missing.length).toBeGreaterThan(0);
        expect(s.response).toBe(Object.values(s.parameterScores).includes(3) ? 'urgent' : null);
      }),
      { numRuns: 1000 },
    );
  });

  it('thresholds: 4 ward, 5 and 6 urgent (medium), 7 emergency (high, continuous), a single 3 with total 3 urgent (low-medium)', () => {
    expect(responseOf(4, false)).toEqual({ risk: 'low', response: 'ward', observationIntervalMinutes: 240 });
    expect(responseOf(5, false)).toEqual({ risk: 'medium', response: 'urgent', observationIntervalMinutes: 60 });
    expect(responseOf(6, true)).toEqual({ risk: 'medium', response: 'urgent', observationIntervalMinutes: 60 });
    expect(responseOf(7, false)).toEqual({ risk: 'high', response: 'emergency', observationIntervalMinutes: 15 });
    expect(responseOf(3, true)).toEqual({ risk: 'low_medium', response: 'urgent', observationIntervalMinutes: 60 });
    expect(news2({ ...complete, respiratoryRate: 8 })).toMatchObject({ total: 3, redScore: true, response: 'urgent' });
    expect(news2({ respiratoryRate: 26 })).toMatchObject({ total: null, redScore: true, response: 'urgent' });
    expect(news2({ respiratoryRate: 22 })).toMatchObject({ total: null, response: null });
  });

  it('scale 2: 93 % and above scores nothing on air and 1/2/3 on oxygen; 88–92 scores 0; scale 1 would score 3 at 88', () => {
    expect(news2({ ...complete, spo2: 88 }, 1).parameterScores.spo2).toBe(3);
    expect(news2({ ...complete, spo2: 88 }, 2).parameterScores.spo2).toBe(0);
    expect(news2({ ...complete, spo2: 98, onOxygen: false }, 2).total).toBe(0);
    expect(news2({ ...complete, spo2: 98, onOxygen: true }, 2).total).toBe(5);
    expect(news2({ ...complete, spo2: 93, onOxygen: true }, 2).total).toBe(3);
    // Without "air or oxygen", 93 % on scale 2 cannot be scored; 92 % or less can.
    expect(news2({ spo2: 93 }, 2).parameterScores.spo2).toBeUndefined();
    expect(news2({ spo2: 83 }, 2).parameterScores.spo2).toBe(3);
  });
});

describe('NEWS2 applicability', () => {
  it('not under 16 at the reading (the day before the 16th birthday), applicable on the birthday', () => {
    expect(ageInYearsAt('2010-06-15', new Date('2026-06-14T23:00:00Z'))).toBe(15);
    expect(news2Applicable('2010-06-15', new Date('2026-06-14T23:00:00Z'), false)).toBe(false);
    expect(news2Applicable('2010-06-15', new Date('2026-06-15T00:00:00Z'), false)).toBe(true);
  });
  it('not when recorded as pregnant', () => {
    expect(news2Applicable('1990-01-01', new Date('2026-06-15T00:00:00Z'), true)).toBe(false);
  });
});
