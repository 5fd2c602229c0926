import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { EmergencyNumber, INCIDENT_STATUS_KEYS, scriptWords, UNIT_STATUS_KEYS } from './sos-words.js';

const WORDS = [
  ...INCIDENT_STATUS_KEYS,
  ...UNIT_STATUS_KEYS,
  'sound_off',
  'sound_on',
  'no_incidents',
  'no_units',
  'patient',
  'phone',
  'born',
  'since',
  'position',
  'no_position',
  'call_back_requested',
  'for_companion_short',
  'acknowledge',
  'suggest',
  'no_suggestion',
  'distance',
  'assign',
  'assign_confirm',
  'close',
  'close_confirm',
  'action_failed',
  'new_incident',
  'board_unanswered',
  'unit_label',
  'eta',
  'position_at',
  'address',
  'note',
  'unit',
] as const;

/**
 * The dispatch board (dispatch.js): open calls as they come in (with a sound once the browser
 * allows it), the suggested unit, acknowledge / assign / close, the units, and a Leaflet map whose
 * tiles come from EMERGENCY_MAP_TILE_URL; without tiles the positions and distances are listed.
 */
export function DispatchPage(props: { ctx: PageContext; emergencyNumber: string; tileUrl: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('sos.dispatch_title')} wide>
      <link rel="stylesheet" href="/assets/sos/leaflet.css" />
      <link rel="stylesheet" href="/assets/sos/sos.css" />
      <PageHeader
        title={t('sos.dispatch_title')}
        actions={
          <button type="button" id="dispatch-sound" class="btn btn--secondary" aria-pressed="false">
            {t('sos.sound_off')}
          </button>
        }
      />
      <section
        id="dispatch"
        class="dispatch"
        data-words={scriptWords(t, WORDS)}
        data-tiles={props.tileUrl}
        data-locale={ctx.locale}
        data-zone={ctx.timeZone}
      >
        <EmergencyNumber t={t} number={props.emergencyNumber} />
        <div id="dispatch-problem" class="alert alert--danger" role="alert" hidden></div>
        <div class="dispatch-grid">
          <section class="card" aria-labelledby="dispatch-incidents-title">
            <h2 id="dispatch-incidents-title">{t('sos.incidents')}</h2>
            <div id="dispatch-incidents" aria-live="polite"></div>
          </section>
          <section class="card" aria-labelledby="dispatch-map-title">
            <h2 id="dispatch-map-title">{t('sos.map')}</h2>
            {!props.tileUrl && <p class="hint">{t('sos.no_tiles')}</p>}
            <div id="dispatch-map" class="dispatch-map"></div>
            <h2 id="dispatch-units-title">{t('sos.units')}</h2>
            <div id="dispatch-units"></div>
          </section>
        </div>
      </section>
      <script src="/assets/sos/leaflet.js" defer></script>
      <script src="/assets/sos/dispatch.js" defer></script>
    </Layout>
  );
}
