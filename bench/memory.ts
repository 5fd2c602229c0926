import type { ChildProcess } from 'node:child_process';
import { residentMb } from './processes.js';

/** The server's resident memory at the moments the bench reads it, for the results table. */
export const memoryReadings: { backend: string; when: string; mb: number }[] = [];

function idleFor(seconds: number): Promise<void> {
  return new Promise((r) => setTimeout(r, seconds * 1000));
}

/** Resident memory after `seconds` without requests. */
export async function recordMemoryAfterIdle(server: ChildProcess, backend: string, when: string, seconds = 3): Promise<void> {
  await idleFor(seconds);
  memoryReadings.push({ backend, when, mb: residentMb(server) });
}

/**
 * Memory at idle, read twice: 3 s after the server is ready, and a minute after that moment's start.
 * V8 gives back to the system the pages that start-up (and seeding) left behind only when its memory
 * reducer runs, which it did after some 20–45 s without allocation on this machine; the second
 * reading is what a server waiting for its next request holds.
 */
export async function recordIdleMemory(server: ChildProcess, backend: string, after: string): Promise<void> {
  await recordMemoryAfterIdle(server, backend, `${after}: idle 3 s`);
  await recordMemoryAfterIdle(server, backend, `${after}: idle 60 s (V8's memory reducer has run)`, 57);
}

export function memoryTable(): string {
  return [
    '| database | resident memory (RSS) | MB |',
    '|---|---|---:|',
    ...memoryReadings.map((m) => `| ${m.backend} | ${m.when} | ${m.mb} |`),
  ].join('\n');
}
