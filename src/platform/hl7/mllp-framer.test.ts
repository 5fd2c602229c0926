import { describe, expect, it } from 'vitest';
import { buildAck, escapeHl7, hl7Timestamp } from './hl7-ack.js';
import { MllpFramer, mllpFrame } from './mllp-framer.js';

const messagesOf = (events: ReturnType<MllpFramer['push']>) => events.flatMap((e) => (e.kind === 'message' ? [e.text] : []));

describe('MLLP framing', () => {
  it('frames whatever way TCP cuts the bytes: one at a time, several frames in one chunk', () => {
    const bytes = Buffer.concat([mllpFrame('MSH|one\rPID|1'), mllpFrame('MSH|two'), mllpFrame('MSH|ünïcode')]);
    const oneByOne = new MllpFramer(1000);
    const seen: string[] = [];
    for (let i = 0; i < bytes.length; i += 1) seen.push(...messagesOf(oneByOne.push(bytes.subarray(i, i + 1))));
    expect(seen).toEqual(['MSH|one\rPID|1', 'MSH|two', 'MSH|ünïcode']);
    expect(messagesOf(new MllpFramer(1000).push(bytes))).toEqual(seen);
  });

  it('keeps a 0x1C inside a message that is not followed by a carriage return', () => {
    const framer = new MllpFramer(1000);
    const frame = mllpFrame('MSH|a\x1cb');
    expect(messagesOf(framer.push(frame.subarray(0, 7)))).toEqual([]);
    expect(messagesOf(framer.push(frame.subarray(7)))).toEqual(['MSH|a\x1cb']);
  });

  it('skips bytes outside a frame and says so, but not the newlines some senders put between frames', () => {
    const framer = new MllpFramer(1000);
    expect(framer.push(Buffer.concat([Buffer.from('\r\n'), mllpFrame('A')]))).toEqual([{ kind: 'message', text: 'A' }]);
    expect(framer.push(Buffer.concat([Buffer.from('xx'), mllpFrame('B')]))).toEqual([
      { kind: 'junk', bytes: 2 },
      { kind: 'message', text: 'B' },
    ]);
  });

  it('refuses a frame that grows past the limit without buffering the rest, then frames the next', () => {
    const framer = new MllpFramer(10);
    expect(framer.push(Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(20, 0x41)]))).toEqual([{ kind: 'too_large' }]);
    expect(framer.push(Buffer.concat([Buffer.from('AAAA\x1c\r'), mllpFrame('next')]))).toEqual([
      { kind: 'junk', bytes: 6 },
      { kind: 'message', text: 'next' },
    ]);
  });
});

describe('acknowledgements', () => {
  it('escapes the delimiters of a reason, escape character first', () => {
    expect(escapeHl7('a|b^c&d~e\\f\rg')).toBe('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f g');
  });

  it('answers AA with MSA only, AE/AR with an ERR segment naming table 0357', () => {
    const now = new Date('2026-12-03T10:15:30Z');
    const header = {
      sendingApplication: 'LIS',
      sendingFacility: 'CITYLAB',
      receivingApplication: 'CAREWELL',
      receivingFacility: 'HOSP',
      controlId: 'C1',
      messageType: 'ORU^R01',
      version: '2.3',
    };
    expect(hl7Timestamp(now)).toBe('20261203101530+0000');
    const ack = buildAck({ code: 'AA', header, now }).split('\r');
    expect(ack[0]).toMatch(/^MSH\|\^~\\&\|CAREWELL\|HOSP\|LIS\|CITYLAB\|20261203101530\+0000\|\|ACK\^R01\^ACK\|[0-9a-f]{20}\|P\|2\.3$/);
    expect(ack.slice(1)).toEqual(['MSA|AA|C1|', '']);
    const nak = buildAck({ code: 'AE', header, reason: 'OBX 1: bad', errorCode: '101', now }).split('\r');
    expect(nak.slice(1)).toEqual(['MSA|AE|C1|OBX 1: bad', 'ERR|||101^Required field missing^HL70357|E||||OBX 1: bad', '']);
  });
});
