import { describe, expect, it } from 'vitest';
import { upperLimitFor, weighMeasurements, type StoredReading } from './remote-monitoring-readings.service.js';

const goal = (code: string, upperLimit: number) => ({ goalId: `g-${code}-${upperLimit}`, code, upperLimit, unit: null });
const reading = (code: string, value: number, minute: number): StoredReading => ({
  observationId: `o-${code}-${minute}`,
  code,
  value,
  unit: 'mm[Hg]',
  effectiveAt: new Date(Date.UTC(2026, 10, 27, 9, minute)),
});

describe('thresholds from care-plan goals', () => {
  it('takes the highest of several goals on one quantity, and holds capillary glucose to a blood-glucose goal', () => {
    const targets = [goal('2339-0', 130), goal('2339-0', 180)];
    expect(upperLimitFor('2339-0', targets)).toBe(180);
    expect(upperLimitFor('41653-7', targets)).toBe(180);
    expect(upperLimitFor('8480-6', targets)).toBeUndefined();
  });
});

describe('out-of-range streaks', () => {
  const targets = [goal('8480-6', 135), goal('8462-4', 85)];

  it('counts a cuff measurement (systolic and diastolic at one instant) once, and alerts at N in a row', () => {
    const readings = [reading('8480-6', 150, 1), reading('8462-4', 95, 1), reading('8480-6', 150, 2), reading('8462-4', 80, 2)];
    expect(weighMeasurements(readings, targets, 0, 3)).toEqual({ streak: 2, alerts: [] });
    const { streak, alerts } = weighMeasurements(readings, targets, 1, 3);
    expect(streak).toBe(0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.outOfRange.map((r) => r.code)).toEqual(['8480-6']);
  });

  it('a reading within every goal ends the streak; the value equal to the target is within it', () => {
    const readings = [reading('8480-6', 140, 1), reading('8480-6', 135, 2), reading('8480-6', 136, 3)];
    expect(weighMeasurements(readings, targets, 0, 2)).toEqual({ streak: 1, alerts: [] });
  });

  it('weighs readings in time order whatever order they arrive in, and nothing counts without a goal', () => {
    const readings = [reading('8480-6', 150, 3), reading('8480-6', 120, 1), reading('8480-6', 150, 2)];
    expect(weighMeasurements(readings, targets, 0, 2).alerts).toHaveLength(1);
    expect(weighMeasurements(readings, [], 0, 1)).toEqual({ streak: 0, alerts: [] });
  });
});
