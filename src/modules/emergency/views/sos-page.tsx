import type { FieldError } from '../../../platform/errors.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { INCIDENT_STATUSES } from '../emergency.vocabulary.js';
import type { OwnIncidentDto } from '../emergency.schemas.js';
import { EmergencyNumber, INCIDENT_STATUS_KEYS, scriptWords } from './sos-words.js';

/** Without script the status page reloads itself this often (a meta refresh inside <noscript>). */
export const SOS_REFRESH_SECONDS = 10;

/** A form sent without script that needs a change (a note too long): what was typed, and why. */
export interface SosFormState {
  values: Record<string, unknown>;
  errors: FieldError[];
  message?: string;
}

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

/**
 * The patient's SOS. With script (sos.js): the big button, one confirmation, the position, retries,
 * then the call's live status. Without script the same form posts to /portal/emergency (the button
 * sends at once: the confirmation needs the script), with a key made when the page was rendered, and
 * the status below is rendered by the server and reloads every SOS_REFRESH_SECONDS.
 */
export function SosPage(props: {
  ctx: PageContext;
  emergencyNumber: string;
  incident: OwnIncidentDto | null;
  now: Date;
  callKey: string;
  state?: SosFormState;
}) {
  const { ctx, incident, state } = props;
  const { t } = ctx;
  const open = incident !== null && incident.status !== 'closed';
  const typed = (key: string) => (typeof state?.values[key] === 'string' ? state.values[key] : undefined);
  const subject = typed('subject') ?? 'self';
  const fieldError = (name: string) => state?.errors.find((e) => e.path === name)?.message;
  return (
    <Layout ctx={ctx} title={t('sos.title')}>
      <link rel="stylesheet" href="/assets/sos/sos.css" />
      {open && (
        <noscript>
          <meta http-equiv="refresh" content={String(SOS_REFRESH_SECONDS)} />
        </noscript>
      )}
      <PageHeader title={t('sos.title')} subtitle={t('sos.intro')} />
      <section id="sos" class="sos" data-number={props.emergencyNumber} data-words={scriptWords(t, WORDS)}>
        <EmergencyNumber t={t} number={props.emergencyNumber} />
        <div id="sos-problem" class="alert alert--danger" role="alert" hidden={!state?.message}>
          {state?.message}
        </div>
        <form id="sos-form" class="sos-form" method="post" action="/portal/emergency" novalidate hidden={open}>
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="callKey" value={props.callKey} />
          {/* A submit button until sos.js makes it open the confirmation instead. */}
          <button type="submit" id="sos-press" class="sos-button">
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
          <noscript>
            <p class="hint">{t('sos.no_script_hint')}</p>
          </noscript>
          <fieldset class="sos-subject">
            <legend>{t('sos.for_whom')}</legend>
            <label>
              <input type="radio" name="subject" value="self" checked={subject !== 'companion'} /> {t('sos.for_self')}
            </label>
            <label>
              <input type="radio" name="subject" value="companion" checked={subject === 'companion'} /> {t('sos.for_companion')}
            </label>
          </fieldset>
          <label for="sos-note">{t('sos.note')}</label>
          <textarea
            id="sos-note"
            name="note"
            maxLength={500}
            rows={2}
            aria-describedby="sos-note-hint"
            aria-invalid={fieldError('note') ? 'true' : undefined}
          >
            {typed('note') ?? ''}
          </textarea>
          <p id="sos-note-hint" class="hint">
            {fieldError('note') ?? t('sos.note_hint')}
          </p>
          <label for="sos-address">{t('sos.address')}</label>
          <input
            id="sos-address"
            name="address"
            type="text"
            maxLength={300}
            autocomplete="street-address"
            value={typed('address')}
            aria-invalid={fieldError('address') ? 'true' : undefined}
          />
          {fieldError('address') && <p class="field-error">{fieldError('address')}</p>}
          <label class="sos-callback">
            <input type="checkbox" id="sos-callback" name="callBack" value="true" checked={typed('callBack') !== undefined} />{' '}
            {t('sos.call_back')}
          </label>
        </form>
        <SosStatus ctx={ctx} incident={incident} now={props.now} emergencyNumber={props.emergencyNumber} />
      </section>
      <script src="/assets/sos/sos.js" defer></script>
    </Layout>
  );
}

/** The call's status as the server last knew it; sos.js keeps it live, a reload does without script. */
function SosStatus(props: { ctx: PageContext; incident: OwnIncidentDto | null; now: Date; emergencyNumber: string }) {
  const { ctx, incident } = props;
  const { t } = ctx;
  const reached = incident ? INCIDENT_STATUSES.indexOf(incident.status) : -1;
  const open = incident !== null && incident.status !== 'closed';
  const moving = incident?.status === 'ambulance_assigned' || incident?.status === 'en_route';
  const etaSeconds = moving && incident?.etaAt ? Math.max(0, Math.round((Date.parse(incident.etaAt) - props.now.getTime()) / 1000)) : null;
  return (
    <section id="sos-status" class="card sos-status" aria-live="polite" hidden={!incident} data-status={incident?.status}>
      <h2>{t('sos.status_title')}</h2>
      <p id="sos-unanswered" class="alert alert--danger" role="alert" hidden={!(open && incident?.unanswered)}>
        {open && incident?.unanswered ? t('sos.unanswered', { number: props.emergencyNumber }) : ''}
      </p>
      <ol id="sos-steps" class="sos-steps">
        {INCIDENT_STATUS_KEYS.map((key, at) => (
          <li
            data-step={key.slice('status_'.length)}
            class={at < reached ? 'sos-step sos-step--done' : at === reached ? 'sos-step sos-step--current' : 'sos-step'}
            aria-current={at === reached ? 'step' : undefined}
          >
            {t(`sos.${key}`)}
          </li>
        ))}
      </ol>
      <p id="sos-unit" class="sos-unit">
        {incident?.unitCallSign ? t('sos.unit', { callSign: incident.unitCallSign }) : ''}
      </p>
      <p id="sos-eta" class="sos-eta" data-eta-seconds={etaSeconds === null ? undefined : String(etaSeconds)}>
        {etaSeconds === null ? '' : etaSeconds < 60 ? t('sos.eta_now') : t('sos.eta', { minutes: Math.round(etaSeconds / 60) })}
      </p>
      {open && (
        <noscript>
          <p class="hint">{t('sos.refresh_note', { seconds: SOS_REFRESH_SECONDS })}</p>
        </noscript>
      )}
      <p id="sos-closed" hidden={open || !incident}>
        {t('sos.closed_note')}{' '}
        <button type="button" id="sos-again" class="btn btn--secondary">
          {t('sos.new_call')}
        </button>
      </p>
    </section>
  );
}
