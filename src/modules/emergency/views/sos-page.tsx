import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { EmergencyNumber, INCIDENT_STATUS_KEYS, scriptWords } from './sos-words.js';

const WORDS = [
  ...INCIDENT_STATUS_KEYS,
  'location_on',
  'location_off',
  'location_asking',
  'sending',
  'retrying',
  'send_failed',
  'unanswered',
  'unit',
  'eta',
  'eta_now',
  'closed_note',
] as const;

/** The patient's SOS (sos.js): the big button, one confirmation, then the call's live status. */
export function SosPage(props: { ctx: PageContext; emergencyNumber: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('sos.title')}>
      <link rel="stylesheet" href="/assets/sos/sos.css" />
      <PageHeader title={t('sos.title')} subtitle={t('sos.intro')} />
      <section id="sos" class="sos" data-number={props.emergencyNumber} data-words={scriptWords(t, WORDS)}>
        <EmergencyNumber t={t} number={props.emergencyNumber} />
        <div id="sos-problem" class="alert alert--danger" role="alert" hidden></div>
        <form id="sos-form" class="sos-form" novalidate>
          <button type="button" id="sos-press" class="sos-button">
            {t('sos.sos_button')}
          </button>
          <div id="sos-confirm" class="sos-confirm" role="alertdialog" aria-labelledby="sos-confirm-title" hidden>
            <p id="sos-confirm-title" class="sos-confirm-title">
              {t('sos.confirm_title')}
            </p>
            <button type="submit" id="sos-send" class="btn btn--danger sos-send">
              {t('sos.confirm_send')}
            </button>{' '}
            <button type="button" id="sos-cancel" class="btn btn--secondary">
              {t('sos.confirm_cancel')}
            </button>
          </div>
          <p id="sos-location" class="sos-location" role="status"></p>
          <fieldset class="sos-subject">
            <legend>{t('sos.for_whom')}</legend>
            <label>
              <input type="radio" name="subject" value="self" checked /> {t('sos.for_self')}
            </label>
            <label>
              <input type="radio" name="subject" value="companion" /> {t('sos.for_companion')}
            </label>
          </fieldset>
          <label for="sos-note">{t('sos.note')}</label>
          <textarea id="sos-note" name="note" maxLength={500} rows={2} aria-describedby="sos-note-hint"></textarea>
          <p id="sos-note-hint" class="hint">
            {t('sos.note_hint')}
          </p>
          <label for="sos-address">{t('sos.address')}</label>
          <input id="sos-address" name="address" type="text" maxLength={300} autocomplete="street-address" />
          <label class="sos-callback">
            <input type="checkbox" id="sos-callback" name="callBack" /> {t('sos.call_back')}
          </label>
        </form>
        <section id="sos-status" class="card sos-status" aria-live="polite" hidden>
          <h2>{t('sos.status_title')}</h2>
          <p id="sos-unanswered" class="alert alert--danger" role="alert" hidden></p>
          <ol id="sos-steps" class="sos-steps">
            {INCIDENT_STATUS_KEYS.map((key) => (
              <li data-step={key.slice('status_'.length)}>{t(`sos.${key}`)}</li>
            ))}
          </ol>
          <p id="sos-unit" class="sos-unit"></p>
          <p id="sos-eta" class="sos-eta"></p>
          <p id="sos-closed" hidden>
            {t('sos.closed_note')}{' '}
            <button type="button" id="sos-again" class="btn btn--secondary">
              {t('sos.new_call')}
            </button>
          </p>
        </section>
      </section>
      <script src="/assets/sos/sos.js" defer></script>
    </Layout>
  );
}
