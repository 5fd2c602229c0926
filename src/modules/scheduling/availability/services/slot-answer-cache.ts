import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { slotNumberOf } from './slot-grid-cache.js';
import type { FreeSlots } from './slots-search.service.js';

/**
 * The slot search's JSON answer, kept as bytes for the next identical answer.
 *
 * A month of one specialty is a few hundred kilobytes; a profile of the warm search spent most of
 * its time turning the same slots into the same text (serialising, measuring, encoding), not
 * finding them. The answer is still found in full on every request — the clinicians, their
 * appointments read fresh, the schedule versions — and only its *text* is reused, when it would be
 * byte for byte the same: the key is a hash of the exact slot objects (grid slots are never changed
 * and their numbers are never reused: slot-grid-cache.ts) and of the names shown. Any booking,
 * cancellation, schedule change, renamed clinician or passing minute that changes the slots
 * changes the key.
 *
 * The text is made by the route's own compiled response serialiser (`reply.serialize`), so the
 * response schema stays the single source of what is sent. Bounded by bytes, least recently used
 * first out.
 */

const MAX_BYTES = 8 * 1024 * 1024;
const answers = new Map<string, Buffer>();
let bytesKept = 0;

/** The answer's key, or undefined when a slot did not come from a grid (then it is not kept). */
export function answerKey(found: FreeSlots): string | undefined {
  const numbers = new Float64Array(found.slots.length);
  for (let i = 0; i < found.slots.length; i++) {
    const number = slotNumberOf(found.slots[i]!);
    if (number === undefined) return undefined;
    numbers[i] = number;
  }
  return createHash('sha256')
    .update(new Uint8Array(numbers.buffer))
    .update(JSON.stringify([...found.names]))
    .digest('base64');
}

/** Sends the answer: the kept bytes for the same key, else serialised now (and kept). */
export function sendSlotAnswer(reply: FastifyReply, found: FreeSlots, toBody: (found: FreeSlots) => unknown): FastifyReply {
  const key = answerKey(found);
  let bytes = key ? answers.get(key) : undefined;
  if (bytes && key) {
    answers.delete(key); // most recently used last
    answers.set(key, bytes);
  } else {
    bytes = Buffer.from(reply.serialize(toBody(found)) as string);
    if (key) remember(key, bytes);
  }
  return reply.type('application/json; charset=utf-8').send(bytes);
}

function remember(key: string, bytes: Buffer): void {
  if (bytes.length > MAX_BYTES / 4) return;
  answers.set(key, bytes);
  bytesKept += bytes.length;
  for (const [oldKey, old] of answers) {
    if (bytesKept <= MAX_BYTES) break;
    answers.delete(oldKey);
    bytesKept -= old.length;
  }
}
