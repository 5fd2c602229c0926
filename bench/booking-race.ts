/**
 * Issue 11: 200 concurrent booking attempts on 20 free slots, as the front desk, each for a
 * different patient, all sent at once. Correct means exactly 20 × 201 and 180 × 409 `slot_taken`,
 * no 5xx; the bar for the slowest answer is p99 < 500 ms.
 */
export interface RaceOutcome {
  attempts: number;
  won: number;
  slotTaken: number;
  other: Record<string, number>;
  p50: number;
  p99: number;
  seconds: number;
}

interface Slot {
  staffId: string;
  startsAt: string;
}

const ATTEMPTS = 200;
const SLOTS = 20;

export async function raceForSlots(
  base: string,
  desk: { authorization: string },
  visitTypeId: string,
  slots: Slot[],
  patients: string[],
): Promise<RaceOutcome> {
  if (slots.length < SLOTS) throw new Error(`the race needs ${SLOTS} free slots, found ${slots.length}`);
  if (patients.length < ATTEMPTS) throw new Error(`the race needs ${ATTEMPTS} patients, given ${patients.length}`);
  const stamp = Date.now();
  const started = performance.now();
  const answers = await Promise.all(
    patients.map(async (patientId, i) => {
      const slot = slots[i % SLOTS]!;
      const sent = performance.now();
      const res = await fetch(`${base}/api/v1/appointments`, {
        method: 'POST',
        headers: { ...desk, 'content-type': 'application/json', 'idempotency-key': `race-${stamp}-${i}` },
        body: JSON.stringify({ patientId, staffId: slot.staffId, visitTypeId, startsAt: slot.startsAt }),
      });
      const body = (await res.json()) as { code?: string };
      return { status: res.status, code: body.code, ms: performance.now() - sent };
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)]!);
  const other: Record<string, number> = {};
  for (const a of answers) {
    if (a.status === 201 || (a.status === 409 && a.code === 'slot_taken')) continue;
    const key = `${a.status} ${a.code ?? ''}`.trim();
    other[key] = (other[key] ?? 0) + 1;
  }
  return {
    attempts: ATTEMPTS,
    won: answers.filter((a) => a.status === 201).length,
    slotTaken: answers.filter((a) => a.status === 409 && a.code === 'slot_taken').length,
    other,
    p50: at(0.5),
    p99: at(0.99),
    seconds,
  };
}

/** One patient per attempt, registered before the race (so the race's CPU figures are the race's). */
export async function registerRacers(base: string, desk: { authorization: string }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < ATTEMPTS; i++) {
    const res = await fetch(`${base}/api/v1/patients`, {
      method: 'POST',
      headers: { ...desk, 'content-type': 'application/json' },
      body: JSON.stringify({
        givenName: 'Racer',
        familyName: `Number ${i} ${Date.now()}`,
        birthDate: '1980-02-03',
        confirmNotDuplicate: true,
      }),
    });
    if (res.status !== 201) throw new Error(`registering a racer failed: ${res.status}`);
    ids.push(((await res.json()) as { patient: { id: string } }).patient.id);
  }
  return ids;
}
