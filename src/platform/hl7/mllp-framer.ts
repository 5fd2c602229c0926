/**
 * MLLP framing: each message travels as 0x0B <message> 0x1C 0x0D. TCP delivers bytes, not
 * messages, so one chunk may hold half a frame or several frames; the framer keeps what it has
 * not yet framed and hands back every complete message in order.
 *
 * node-hl7-client's MLLPCodec is not used for receiving: it keeps only the last message of a
 * chunk that holds two, and a lost message here is a lost lab result.
 */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CARRIAGE_RETURN = 0x0d;

export type MllpEvent = { kind: 'message'; text: string } | { kind: 'too_large' } | { kind: 'junk'; bytes: number };

export class MllpFramer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  /** Feeds a chunk; returns the messages completed by it, and what was skipped or refused. */
  push(chunk: Buffer): MllpEvent[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const events: MllpEvent[] = [];
    for (;;) {
      const start = this.pending.indexOf(MLLP_START);
      if (start < 0) {
        // Bytes outside a frame (keep-alive newlines, a stray byte) are dropped, and said so.
        if (this.pending.some((b) => b !== 0x0a && b !== 0x0d)) events.push({ kind: 'junk', bytes: this.pending.length });
        this.pending = Buffer.alloc(0);
        return events;
      }
      if (start > 0) {
        if (this.pending.subarray(0, start).some((b) => b !== 0x0a && b !== 0x0d)) events.push({ kind: 'junk', bytes: start });
        this.pending = this.pending.subarray(start);
      }
      const end = this.findEnd();
      if (end < 0) {
        if (this.pending.length > this.maxMessageBytes + 3) {
          // A frame that never ends within the limit: refuse it rather than buffer without bound.
          events.push({ kind: 'too_large' });
          this.pending = Buffer.alloc(0);
        }
        return events;
      }
      events.push({ kind: 'message', text: this.pending.subarray(1, end).toString('utf8') });
      this.pending = this.pending.subarray(end + 2);
    }
  }

  /** The index of the 0x1C that is followed by 0x0D, or -1 while the frame is incomplete. */
  private findEnd(): number {
    let from = 1;
    for (;;) {
      const end = this.pending.indexOf(MLLP_END, from);
      if (end < 0 || end + 1 >= this.pending.length) return -1;
      if (this.pending[end + 1] === MLLP_CARRIAGE_RETURN) return end;
      from = end + 1;
    }
  }
}

/** Wraps a message in an MLLP frame. */
export function mllpFrame(text: string): Buffer {
  return Buffer.concat([Buffer.from([MLLP_START]), Buffer.from(text, 'utf8'), Buffer.from([MLLP_END, MLLP_CARRIAGE_RETURN])]);
}
