import type { ServiceContext } from '../../../platform/auth/actor.js';
import type { Db } from '../../../platform/db/database.js';
import { validationFailed } from '../../../platform/errors.js';
import { isValidTimeZone } from '../../../platform/time/zoned-time.js';
import { updateUser } from '../identity.repository.js';

/** The zones a person may choose, by name; UTC first (some runtimes leave it out of the list). */
export function choosableTimeZones(): readonly string[] {
  // The runtime's zone list does not change while it runs; listing it took ~1 ms per account page.
  return (zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]);
}
let zoneList: readonly string[] | undefined;

export interface TimeZoneSetting {
  /** The account's own zone, or null when it follows the hospital's. */
  chosen: string | null;
  hospital: string;
}

/**
 * Sets the zone the person sees every time in; an empty choice means "the hospital's zone" (stored
 * as null, so the account follows the hospital if its zone is ever changed). Takes effect on the
 * next request: the session reads the zone each time.
 */
export async function setMyTimeZone(db: Db, ctx: ServiceContext, input: { timeZone?: string | undefined }): Promise<void> {
  const zone = (input.timeZone ?? '').trim();
  if (zone !== '' && !isValidTimeZone(zone)) throw validationFailed([{ path: 'timeZone', message: 'Choose a time zone from the list.' }]);
  await updateUser(db, ctx.actor.userId, { timeZone: zone === '' ? null : zone }, ctx.now);
}
