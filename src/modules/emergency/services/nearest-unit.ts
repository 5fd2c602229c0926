/**
 * Which ambulance to suggest (docs/emergency.md): the nearest available unit by straight-line
 * (great-circle) distance, with an ETA from an average speed. A routing service can replace
 * `estimateTravel` later; the dispatcher always confirms the suggestion.
 */
export interface Position {
  latitude: number;
  longitude: number;
}

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Haversine distance in kilometres. */
export function distanceKm(a: Position, b: Position): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Seconds to cover `km` at `speedKmh` (whole seconds, at least one). */
export function travelSeconds(km: number, speedKmh: number): number {
  return Math.max(1, Math.round((km / speedKmh) * 3600));
}

export interface CandidateUnit {
  id: string;
  callSign: string;
  status: string;
  latitude?: number | null;
  longitude?: number | null;
}

export interface Suggestion {
  unitId: string;
  callSign: string;
  distanceKm: number;
  etaSeconds: number;
}

/**
 * The available units with a known position, nearest first (ties by call sign, so the answer is
 * stable). Units without a position cannot be ranked and are left out.
 */
export function rankUnits(target: Position, units: readonly CandidateUnit[], speedKmh: number): Suggestion[] {
  return units
    .filter((u) => u.status === 'available' && typeof u.latitude === 'number' && typeof u.longitude === 'number')
    .map((u) => {
      const km = distanceKm(target, { latitude: u.latitude!, longitude: u.longitude! });
      return { unitId: u.id, callSign: u.callSign, distanceKm: km, etaSeconds: travelSeconds(km, speedKmh) };
    })
    .sort((a, b) => a.distanceKm - b.distanceKm || a.callSign.localeCompare(b.callSign));
}

export function nearestUnit(target: Position, units: readonly CandidateUnit[], speedKmh: number): Suggestion | null {
  return rankUnits(target, units, speedKmh)[0] ?? null;
}
