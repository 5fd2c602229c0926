import type { Db } from '../platform/db/database.js';
import { patientThreadMessages, patientThreads } from '../modules/messaging/index.js';
import type { DemoPatientIds } from './demo-activity.js';
import { demoStaffActor } from './demo-actors.js';

const HOUR = 3_600_000;

/**
 * One answered conversation (docs/demo.md, docs/messaging.md): two days ago Maria Santos asked her
 * care team about a dizzy spell; Dr. Haddad answered with follow-up instructions that afternoon,
 * and each read the other's message. A data loader, like the rest of the seed's history: rows
 * written as they would stand, without notifications for what happened in the past.
 */
export async function seedDemoPatientThread(tx: Db, now: Date, patientIds: DemoPatientIds): Promise<void> {
  const maria = patientIds.get('Maria Santos');
  if (!maria?.userId) return;
  const haddad = await demoStaffActor(tx, 'doctor@carewell.test');
  const asked = new Date(now.getTime() - 48 * HOUR);
  const answered = new Date(asked.getTime() + 5 * HOUR);
  const [thread] = await tx
    .insert(patientThreads)
    .values({
      patientId: maria.patientId,
      recipient: 'care_team',
      subject: 'Dizzy after the new tablet',
      createdBy: maria.userId,
      lastMessageAt: answered,
      createdAt: asked,
      updatedAt: answered,
    })
    .returning({ id: patientThreads.id });
  await tx.insert(patientThreadMessages).values([
    {
      threadId: thread!.id,
      authorUserId: maria.userId,
      side: 'patient',
      kind: 'message',
      body: 'Since I started the new blood pressure tablet I feel dizzy when I stand up in the morning. Is that normal?',
      readByStaffAt: new Date(asked.getTime() + 4 * HOUR),
      readByStaffUserId: haddad.actor.userId,
      createdAt: asked,
    },
    {
      threadId: thread!.id,
      authorUserId: haddad.actor.userId,
      side: 'staff',
      kind: 'instructions',
      body: 'Stand up slowly, drink enough water, and take the tablet in the evening from now on. If you faint, call the emergency number.',
      readByPatientAt: new Date(answered.getTime() + 2 * HOUR),
      createdAt: answered,
    },
  ]);
}
