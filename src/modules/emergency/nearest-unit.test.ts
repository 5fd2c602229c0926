import { describe, expect, it } from 'vitest';
import { canMoveIncident, INCIDENT_STATUSES } from './emergency.vocabulary.js';
import { distanceKm, nearestUnit, rankUnits, travelSeconds } from './services/nearest-unit.js';

const PARIS = { latitude: 48.8566, longitude: 2.3522 };

describe('nearest unit', () => {
  it('measures great-circle distance (Paris–London about 344 km)', () => {
    expect(distanceKm(PARIS, { latitude: 51.5074, longitude: -0.1278 })).toBeCloseTo(343.5, 0);
    expect(distanceKm(PARIS, PARIS)).toBe(0);
  });

  it('picks the nearest available unit with a position; ties by call sign', () => {
    const units = [
      { id: 'a', callSign: 'B', status: 'available', latitude: 48.9, longitude: 2.35 },
      { id: 'b', callSign: 'A', status: 'available', latitude: 48.9, longitude: 2.35 },
      { id: 'c', callSign: 'C', status: 'en_route', latitude: 48.8566, longitude: 2.3522 },
      { id: 'd', callSign: 'D', status: 'available', latitude: null, longitude: null },
      { id: 'e', callSign: 'E', status: 'available', latitude: 49.5, longitude: 2.35 },
    ];
    expect(nearestUnit(PARIS, units, 50)?.unitId).toBe('b');
    expect(rankUnits(PARIS, units, 50).map((s) => s.callSign)).toEqual(['A', 'B', 'E']);
    expect(nearestUnit(PARIS, [units[2]!, units[3]!], 50)).toBeNull();
  });

  it('turns distance into an ETA at the configured speed', () => {
    expect(travelSeconds(50, 50)).toBe(3600);
    expect(travelSeconds(0, 50)).toBe(1);
    const [s] = rankUnits(PARIS, [{ id: 'x', callSign: 'X', status: 'available', latitude: 48.9466, longitude: 2.3522 }], 60);
    expect(s!.etaSeconds).toBeCloseTo(600, -1);
  });
});

describe('incident transitions', () => {
  it('moves forward, closes from any open state, never leaves closed', () => {
    expect(canMoveIncident('received', 'acknowledged')).toBe(true);
    expect(canMoveIncident('received', 'ambulance_assigned')).toBe(true);
    expect(canMoveIncident('en_route', 'acknowledged')).toBe(false);
    for (const s of INCIDENT_STATUSES) {
      expect(canMoveIncident('closed', s)).toBe(false);
      if (s !== 'closed') expect(canMoveIncident(s, 'closed')).toBe(true);
    }
  });
});
