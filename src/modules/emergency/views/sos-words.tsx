import type { Translate } from '../../../platform/i18n/i18n.js';

/** The words a page's script shows, translated on the server (placeholders such as {number} are filled in the browser). */
export function scriptWords(t: Translate, keys: readonly string[]): string {
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, t(`sos.${key}`)])));
}

export const INCIDENT_STATUS_KEYS = [
  'status_received',
  'status_acknowledged',
  'status_ambulance_assigned',
  'status_en_route',
  'status_arrived',
  'status_closed',
] as const;

export const UNIT_STATUS_KEYS = [
  'unit_status_available',
  'unit_status_assigned',
  'unit_status_en_route',
  'unit_status_on_scene',
  'unit_status_transporting',
  'unit_status_at_hospital',
  'unit_status_out_of_service',
] as const;

/** The hospital's emergency number, always on screen, as a link phones can dial. */
export function EmergencyNumber(props: { t: Translate; number: string }) {
  return (
    <p class="sos-number">
      <span>{props.t('sos.number_label')}</span>{' '}
      <a class="sos-number-link" href={`tel:${props.number.replace(/[^0-9+]/g, '')}`} dir="ltr">
        {props.number}
      </a>
    </p>
  );
}
