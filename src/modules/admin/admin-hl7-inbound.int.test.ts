import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../platform/audit/audit.tables.js';
import { useTestApp } from '../../../test/helpers/app.js';
import { createAccount, type TestAccount } from '../../../test/helpers/actors.js';
import { PageSession } from '../../../test/helpers/browser.js';
import { oruMessage, storeInboundMessageFixture } from '../../../test/helpers/hl7-messages.js';
import { receiveInboundMessage } from '../../platform/hl7/index.js';
import pino from 'pino';

describe('admin: inbound HL7 messages', () => {
  const t = useTestApp();
  let admin: TestAccount;
  let unmatchedId: string;
  let rejectedId: string;

  beforeAll(async () => {
    admin = await createAccount(t, { role: 'admin' });
    unmatchedId = await storeInboundMessageFixture(t, 'PAGE-UNM-1');
    const rejected = await receiveInboundMessage(
      {
        db: t.db,
        clock: t.clock.now,
        encryptor: t.app.deps.encryptor,
        logger: pino({ level: 'silent' }),
        senders: [{ application: 'LIS', facility: 'CITYLAB' }],
        fileResult: async () => ({ outcome: 'filed', orderId: '00000000-0000-4000-8000-000000000001' }),
      },
      oruMessage({ controlId: 'PAGE-BAD-1', pid3: '998877^^^HOSP^PI' }),
      '127.0.0.1',
    );
    rejectedId = rejected.messageId;
  });

  it('lists messages by status with their reasons and no patient data, and audits the search', async () => {
    const page = new PageSession(t, admin.cookie);
    const list = await page.get('/admin/hl7-inbound');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Inbound HL7 messages');
    expect(list.body).toContain(`href="/admin/hl7-inbound/${unmatchedId}"`);
    expect(list.body).toContain('Unmatched, to reconcile');
    expect(list.body).toContain('PID-3 has no patient identifier of type MR');
    expect(list.body).not.toMatch(/MRN000123|DOE|6\.8/);
    const unmatchedOnly = await page.get('/admin/hl7-inbound?status=unmatched');
    expect(unmatchedOnly.body).toContain('PAGE-UNM-1');
    expect(unmatchedOnly.body).not.toContain('PAGE-BAD-1');
    const searches = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'admin.hl7_inbound.search'), eq(auditEvents.actorUserId, admin.userId)));
    expect(searches.length).toBeGreaterThanOrEqual(2);
  });

  it('shows one message with its reason and parsed content, audited as a clinical read', async () => {
    const page = new PageSession(t, admin.cookie);
    const detail = await page.get(`/admin/hl7-inbound/${unmatchedId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.headers['cache-control']).toBe('no-store');
    expect(detail.body).toContain('Not matched: No order has this accession number');
    expect(detail.body).toContain('MRN000123');
    expect(detail.body).toContain('2823-3');
    expect(detail.body).toContain('Final');
    const [read] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'admin.hl7_inbound.read'), eq(auditEvents.resourceId, unmatchedId)));
    expect(read).toMatchObject({ category: 'clinical', resourceType: 'hl7_inbound_message' });
    const refused = await page.get(`/admin/hl7-inbound/${rejectedId}`);
    expect(refused.body).toContain('The message could not be read, so nothing was taken from it.');
    expect((await page.get('/admin/hl7-inbound/00000000-0000-4000-8000-00000000dead')).statusCode).toBe(404);
  });

  it('is refused to staff without the permission', async () => {
    const doctor = await createAccount(t, { role: 'doctor' });
    const page = new PageSession(t, doctor.cookie);
    expect((await page.get('/admin/hl7-inbound')).statusCode).toBe(403);
    expect((await page.get(`/admin/hl7-inbound/${unmatchedId}`)).statusCode).toBe(403);
  });
});
