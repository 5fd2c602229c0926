import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { EmergencyNumber, INCIDENT_STATUS_KEYS, scriptWords, UNIT_STATUS_KEYS } from './sos-words.js';

const WORDS = [
  ...INCIDENT_STATUS_KEYS,
  ...UNIT_STATUS_KEYS,
  'crew_no_unit',
  'crew_no_incident',
  'crew_accept',
  'crew_distance',
  'crew_gps_on',
  'crew_gps_off',
  'patient',
  'phone',
  'born',
  'address',
  'note',
  'no_position',
  'call_back_requested',
  'for_companion_short',
  'open_map',
  'action_failed',
  'unit',
] as const;

/** The crew's phone page (crew.js): the unit's incident, accept, status buttons, and the phone's position while assigned. */
export function CrewPage(props: { ctx: PageContext; emergencyNumber: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('sos.crew_title')}>
      <link rel="stylesheet" href="/assets/sos/sos.css" />
      <PageHeader title={t('sos.crew_title')} />
      <section id="crew" class="crew" data-words={scriptWords(t, WORDS)}>
        <EmergencyNumber t={t} number={props.emergencyNumber} />
        <div id="crew-problem" class="alert alert--danger" role="alert" hidden></div>
        <p id="crew-unit" class="crew-unit"></p>
        <p id="crew-gps" role="status"></p>
        <div id="crew-incident" aria-live="polite"></div>
        <div id="crew-actions" class="crew-actions" hidden>
          <button type="button" id="crew-accept" class="btn btn--primary crew-button" hidden>
            {t('sos.crew_accept')}
          </button>
          <p id="crew-status-title">{t('sos.crew_status')}</p>
          <div class="crew-statuses" role="group" aria-labelledby="crew-status-title">
            {(['en_route', 'on_scene', 'transporting', 'at_hospital', 'available'] as const).map((status) => (
              <button type="button" class="btn btn--secondary crew-button" data-crew-status={status}>
                {t(`sos.unit_status_${status}`)}
              </button>
            ))}
          </div>
        </div>
      </section>
      <script src="/assets/sos/crew.js" defer></script>
    </Layout>
  );
}
