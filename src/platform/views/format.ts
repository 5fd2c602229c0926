/** Small display helpers shared by the patient views. */

/** Whole years between a birth date (YYYY-MM-DD) and `now`, in UTC. */
export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - y;
  const month = now.getUTCMonth() + 1;
  if (month < m || (month === m && now.getUTCDate() < d)) age -= 1;
  return age;
}

export function fullName(p: { givenName: string; familyName: string }): string {
  return `${p.givenName} ${p.familyName}`;
}

export function formatInstant(locale: string, value: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(value);
}

/** A form value to show again in a field: the text that was sent, or undefined for anything else. */
export function formText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
