import type { Db } from '../../../platform/db/database.js';
import { deferRead, readTogether } from '../../../platform/db/read-together.js';
import { AppError } from '../../../platform/errors.js';
import { hospitalTimeZone } from '../../../platform/time/zoned-time.js';
import type { Me } from '../identity.schemas.js';
import { accountLinksQuery, listPasskeys, unusedRecoveryCodesQuery, userQuery } from '../identity.repository.js';
import { meOf } from './me.service.js';
import type { TimeZoneSetting } from './time-zone.service.js';

export interface AccountOverview {
  me: Me;
  timeZone: TimeZoneSetting;
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: { id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[];
}

/**
 * What the account page shows — the person, their zone, their second factors and passkeys — in
 * ONE statement. The page read the account row three times and each part on its own: six round
 * trips for a page with no patient data (issue 11).
 */
export async function readAccountOverview(db: Db, userId: string): Promise<AccountOverview> {
  const { user, links, recoveryCodesLeft, passkeys } = await readTogether(db, {
    user: deferRead(userQuery(db, userId), ([row]) => row),
    links: deferRead(accountLinksQuery(db, userId), ([row]) => row),
    recoveryCodesLeft: deferRead(unusedRecoveryCodesQuery(db, userId), ([row]) => row?.n ?? 0),
    passkeys: deferRead(listPasskeys(db, userId), (rows) =>
      rows.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
    ),
  });
  if (!user || !links) throw new AppError('not_authenticated', 'Sign in to continue.');
  return {
    me: meOf(user, links),
    timeZone: { chosen: user.timeZone ?? null, hospital: hospitalTimeZone() },
    totp: Boolean(user.totpSecretSealed),
    recoveryCodesLeft,
    passkeys,
  };
}
