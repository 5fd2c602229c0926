import type * as Hl7Client from 'node-hl7-client';

/**
 * node-hl7-client carries the definitions of every HL7 v2 version: importing it grew the server by
 * about 100 MB of memory (measured 2026-12-04: 106 MB resident for the import alone), for a
 * listener that is off unless configured and orders that go out only when a laboratory is set up.
 * So it is loaded on first use — a message received, an order queued, an ACK read — never at
 * start. Every entry point awaits `loadHl7Library()`; the parsing and building code below it then
 * reads the loaded library synchronously with `hl7Library()`.
 */
export type Hl7Library = typeof Hl7Client;

let library: Hl7Library | undefined;
let loading: Promise<Hl7Library> | undefined;

export function loadHl7Library(): Promise<Hl7Library> {
  if (library) return Promise.resolve(library);
  loading ??= import('node-hl7-client').then((loaded) => (library = loaded));
  return loading;
}

/** The library, once an entry point has awaited `loadHl7Library()`. */
export function hl7Library(): Hl7Library {
  if (!library) throw new Error('node-hl7-client was used before loadHl7Library() resolved');
  return library;
}
