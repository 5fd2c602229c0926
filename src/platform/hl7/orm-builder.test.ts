import { Message } from 'node-hl7-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHl7Library } from './hl7-library.js';
import { buildLabOrderMessage, type OutboundLabOrder } from './orm-builder.js';

beforeAll(loadHl7Library);

const order: OutboundLabOrder = {
  placerOrderNumber: 'L261204-000017',
  control: 'new',
  priority: 'stat',
  patient: { mrn: 'MRN-000042', familyName: 'Haddad|Nour', givenName: 'Lina^Marie', birthDate: '1980-02-03', sex: 'female' },
  orderingClinician: { id: 'D-7', familyName: 'Okafor', givenName: 'Chidi' },
  tests: [
    { loinc: '51990-0', name: 'Basic metabolic panel' },
    { loinc: '4548-4', name: 'Hemoglobin A1c/Hemoglobin.total in Blood' },
  ],
  orderedAt: new Date('2026-12-04T09:58:00Z'),
  note: 'Fasting since 22:00 & on ACE inhibitor',
};
const header = {
  controlId: 'ctl0001',
  sendingApplication: 'CAREWELL',
  sendingFacility: 'GENERAL',
  receivingApplication: 'LIS',
  receivingFacility: 'CITYLAB',
  at: new Date('2026-12-04T10:00:05Z'),
};

describe('ORM^O01 for an outside laboratory', () => {
  it('reads back through the HL7 parser: header, patient, one ORC/OBR pair per test, priority, note', () => {
    const text = buildLabOrderMessage(order, header);
    const message = new Message({ text });
    expect(message.get('MSH.3').toString()).toBe('CAREWELL');
    expect(message.get('MSH.6').toString()).toBe('CITYLAB');
    // The injected clock's time, in UTC with the offset said — never the machine's clock.
    expect(message.get('MSH.7').toString()).toBe('20261204100005+0000');
    expect(`${message.get('MSH.9.1').toString()}^${message.get('MSH.9.2').toString()}`).toBe('ORM^O01');
    expect(message.get('MSH.10').toString()).toBe('ctl0001');
    expect(message.get('PID.3.1').toString()).toBe('MRN-000042');
    expect(message.get('PID.3.5').toString()).toBe('MR');
    expect(message.get('PID.7').toString()).toBe('19800203');
    expect(message.get('PID.8').toString()).toBe('F');

    const segments = text.split('\r').map((line) => line.split('|')[0]);
    expect(segments).toEqual(['MSH', 'PID', 'ORC', 'OBR', 'ORC', 'OBR', 'NTE']);
    const lines = text.split('\r');
    const obr = lines.filter((line) => line.startsWith('OBR|')).map((line) => line.split('|'));
    expect(obr.map((f) => f[4])).toEqual(['51990-0^Basic metabolic panel^LN', '4548-4^Hemoglobin A1c/Hemoglobin.total in Blood^LN']);
    expect(obr.map((f) => f[2])).toEqual(['L261204-000017^CAREWELL', 'L261204-000017^CAREWELL']);
    expect(obr.map((f) => f[27])).toEqual(['^^^^^S', '^^^^^S']);
    const orc = lines.filter((line) => line.startsWith('ORC|')).map((line) => line.split('|'));
    expect(orc.map((f) => f[1])).toEqual(['NW', 'NW']);
    expect(orc[0]![9]).toBe('20261204095800+0000');
  });

  it('escapes the delimiters in names and notes, so a name cannot add a field or a segment', () => {
    const text = buildLabOrderMessage(order, header);
    const pid = text
      .split('\r')
      .find((line) => line.startsWith('PID|'))!
      .split('|');
    expect(pid[5]).toBe('Haddad\\F\\Nour^Lina\\S\\Marie');
    const nte = text.split('\r').find((line) => line.startsWith('NTE|'))!;
    expect(nte).toBe('NTE|1||Fasting since 22:00 \\T\\ on ACE inhibitor');
    const withBreak = buildLabOrderMessage({ ...order, note: 'line one\rMSH|forged' }, header);
    expect(withBreak.split('\r').filter((line) => line.startsWith('MSH'))).toHaveLength(1);
  });

  it('says cancel with CA, routine with R and urgent with A, and leaves out an unknown birth date', () => {
    const cancel = buildLabOrderMessage(
      { ...order, control: 'cancel', priority: 'routine', patient: { ...order.patient, birthDate: null, sex: 'unknown' } },
      header,
    );
    const fields = (prefix: string) =>
      cancel
        .split('\r')
        .find((line) => line.startsWith(prefix))!
        .split('|');
    expect(fields('ORC|')[1]).toBe('CA');
    expect(fields('ORC|')[7]).toBe('^^^^^R');
    expect(fields('PID|')[7]).toBe('');
    expect(fields('PID|')[8]).toBe('U');
    const urgent = buildLabOrderMessage({ ...order, priority: 'urgent' }, header);
    expect(
      urgent
        .split('\r')
        .find((line) => line.startsWith('OBR|'))!
        .split('|')[27],
    ).toBe('^^^^^A');
  });
});
