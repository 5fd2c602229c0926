import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hospitalTimeZone, setHospitalTimeZone } from '../time/zoned-time.js';
import { loadHl7Library } from './hl7-library.js';
import { parseHl7Time, parseOruR01 } from './oru-parser.js';
import { oruMessage } from '../../../test/helpers/hl7-messages.js';

describe('ORU^R01 parsing', () => {
  const zone = hospitalTimeZone();
  beforeAll(loadHl7Library);
  afterEach(() => setHospitalTimeZone(zone));

  it('reads the header, the MR identifier among repeating PID-3 identifiers, the filler accession and every OBX', () => {
    const parsed = parseOruR01(oruMessage());
    expect(parsed).toEqual({
      ok: true,
      header: {
        sendingApplication: 'LIS',
        sendingFacility: 'CITYLAB',
        receivingApplication: 'CAREWELL',
        receivingFacility: 'HOSP',
        controlId: 'MSG00001',
        messageType: 'ORU^R01',
        version: '2.5.1',
      },
      orders: [
        {
          accessionNumber: 'ACC-2026-0042',
          placerOrderNumber: 'PLC-77',
          fillerOrderNumber: 'ACC-2026-0042',
          patientMrn: 'MRN000123',
          results: [
            { loinc: '2823-3', value: 6.8, unit: 'mmol/L', status: 'final', observedAt: new Date('2026-12-03T08:05:00Z') },
            { loinc: '2951-2', value: 139, unit: 'mmol/L', status: 'final', observedAt: new Date('2026-12-03T08:05:00Z') },
            { loinc: '2345-7', value: 5.4, unit: 'mmol/L', status: 'preliminary' },
            {
              loinc: '8251-1',
              text: 'Sample slightly hemolysed | repeat advised ^ ok & done ~ see \\ note\nsecond line',
              status: 'corrected',
              observedAt: new Date('2026-12-03T09:00:30Z'),
            },
          ],
        },
      ],
    });
  });

  it('reads CR, CRLF and LF segment ends the same way, with a trailing terminator or none', () => {
    const base = parseOruR01(oruMessage());
    for (const ending of ['\r\n', '\n']) {
      expect(parseOruR01(oruMessage({ segmentEnd: ending }))).toEqual(base);
    }
    expect(parseOruR01(`${oruMessage()}\r`)).toEqual(base);
  });

  it('falls back to the placer order number, reads several orders, an alternate LOINC coding and SN values', () => {
    const parsed = parseOruR01(
      oruMessage({
        body: [
          'OBR|1|PLC-7||24323-8^Metabolic panel^LN',
          'OBX|1|SN|X1^Local K^L^2823-3^Potassium^LN||^4.1|mmol/L|||||F',
          'OBR|2|PLC-8|FIL-8|57021-8^CBC^LN',
          'OBX|1|SN|718-7^Hemoglobin^LN||<^0.5|g/dL|||||F',
        ],
      }),
    );
    expect(parsed.ok && parsed.orders).toEqual([
      {
        accessionNumber: 'PLC-7',
        placerOrderNumber: 'PLC-7',
        fillerOrderNumber: null,
        patientMrn: 'MRN000123',
        results: [{ loinc: '2823-3', value: 4.1, unit: 'mmol/L', status: 'final' }],
      },
      {
        accessionNumber: 'FIL-8',
        placerOrderNumber: 'PLC-8',
        fillerOrderNumber: 'FIL-8',
        patientMrn: 'MRN000123',
        results: [{ loinc: '718-7', text: '<0.5', unit: 'g/dL', status: 'final' }],
      },
    ]);
  });

  it('reads a time without an offset on the hospital clock', () => {
    setHospitalTimeZone('Europe/Paris');
    expect(parseHl7Time('202612031000')).toEqual(new Date('2026-12-03T09:00:00Z'));
    expect(parseHl7Time('20261203100015.1234+0100')).toEqual(new Date('2026-12-03T09:00:15Z'));
    expect(parseHl7Time('')).toBeUndefined();
    expect(parseHl7Time('2026-12-03')).toBeNull();
    expect(parseHl7Time('202613031000')).toBeNull();
  });

  it.each([
    ['no MSH', 'PID|1||X^^^^MR', null, /Not one HL7 v2 message/],
    ['an empty control id', oruMessage({ controlId: '' }), null, /MSH-10/],
    ['another message type', oruMessage({ messageType: 'ADT^A01' }), 'MSG00001', /MSH-9 must be ORU\^R01/],
    ['no MR identifier', oruMessage({ pid3: '998877^^^HOSP^PI' }), 'MSG00001', /PID-3 has no patient identifier of type MR/],
    [
      'no order numbers',
      oruMessage({ body: ['OBR|1|||X^Y^LN', 'OBX|1|NM|2823-3^K^LN||1|mmol/L|||||F'] }),
      'MSG00001',
      /OBR 1: OBR-3 and OBR-2/,
    ],
    ['an OBX before any OBR', oruMessage({ body: ['OBX|1|NM|2823-3^K^LN||1|mmol/L|||||F'] }), 'MSG00001', /OBX 1 comes before any OBR/],
    ['an OBR without OBX', oruMessage({ body: ['OBR|1|P1|F1|X^Y^LN'] }), 'MSG00001', /OBR 1 has no OBX/],
    [
      'a local code only',
      oruMessage({ body: ['OBR|1|P1|F1', 'OBX|1|NM|K^Potassium^L||1|mmol/L|||||F'] }),
      'MSG00001',
      /OBX 1: OBX-3 has no LOINC/,
    ],
    [
      'NM that is not a number',
      oruMessage({ body: ['OBR|1|P1|F1', 'OBX|1|NM|2823-3^K^LN||high|mmol/L|||||F'] }),
      'MSG00001',
      /OBX 1: OBX-5 is not a number/,
    ],
    [
      'an unknown status',
      oruMessage({ body: ['OBR|1|P1|F1', 'OBX|1|NM|2823-3^K^LN||1|mmol/L|||||X'] }),
      'MSG00001',
      /OBX-11 must be P, F or C/,
    ],
    ['an unknown value type', oruMessage({ body: ['OBR|1|P1|F1', 'OBX|1|ED|2823-3^K^LN||x||||||F'] }), 'MSG00001', /OBX-2 value type/],
    ['a bad time', oruMessage({ body: ['OBR|1|P1|F1', 'OBX|1|NM|2823-3^K^LN||1|mmol/L|||||F|||yesterday'] }), 'MSG00001', /OBX-14/],
    [
      'a junk line',
      oruMessage({ body: ['this is not a segment', 'OBR|1|P1|F1', 'OBX|1|NM|2823-3^K^LN||1|||||F'] }),
      'MSG00001',
      /Segment 4 is not/,
    ],
  ])('refuses %s with a reason that names the field, never the value', (_, message, controlId, reason) => {
    const parsed = parseOruR01(message);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.reason).toMatch(reason);
    expect(parsed.header?.controlId ?? null).toBe(controlId);
    expect(parsed.reason).not.toMatch(/high|yesterday|998877/);
  });
});
