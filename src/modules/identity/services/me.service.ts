import { effectiveTimeZone } from '../../../platform/time/zoned-time.js';
import type { Db } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/errors.js';
import type { Me } from '../identity.schemas.js';
import { findAccountLinks, findUserById, type UserRow } from '../identity.repository.js';

type AccountLinks = Awaited<ReturnType<typeof findAccountLinks>>;

/** The `<me>` shape of API.md, from the account row and its links. */
export async function buildMe(db: Db, user: UserRow): Promise<Me> {
  return meOf(user, await findAccountLinks(db, user.id));
}

/** The same shape from the account row and links already read. */
export function meOf(user: UserRow, links: AccountLinks): Me {
  return {
    id: user.id,
    email: user.email,
    name: links.name ?? user.email,
    role: user.role,
    flags: { nurseLead: user.nurseLead, privacyOfficer: user.privacyOfficer },
    locale: user.locale,
    timeZone: effectiveTimeZone(user.timeZone),
    mfaEnrolled: user.totpSecretSealed !== null || links.hasPasskey,
    patientId: links.patientId,
    staffId: links.staffId,
  };
}

/** The signed-in person's own account. */
export async function getMe(db: Db, userId: string): Promise<Me> {
  const user = await findUserById(db, userId);
  if (!user) throw new AppError('not_authenticated', 'Sign in to continue.');
  return buildMe(db, user);
}
