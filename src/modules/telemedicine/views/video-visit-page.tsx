import { Alert, Button, Card, Form, LinkButton } from '../../../platform/views/components.js';
import { formatZonedDate, formatZonedTime, formatZonedTimeRange } from '../../../platform/views/format.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { VisitState } from '../telemedicine.schemas.js';

export interface VideoVisitPageProps {
  ctx: PageContext;
  state: VisitState;
  startsAt: Date;
  endsAt: Date;
  joinOpensMinutes: number;
  now: Date;
  /** A refusal of the last action (ending the call), in words. */
  message?: string | undefined;
  /** Where this side's pages live: /portal (patient) or /staff (clinician). */
  base: string;
}

/** The words the call's script shows, in the viewer's language (the script has no catalog of its own). */
const SCRIPT_WORDS = [
  'waiting_title',
  'patient_waiting',
  'patient_absent',
  'patient_in_call',
  'connecting',
  'connected',
  'reconnecting',
  'mute',
  'unmute',
  'camera_off',
  'camera_on',
  'share_screen',
  'stop_sharing',
  'fallback_audio',
  'fallback_chat',
  'peer_camera_off',
  'peer_muted',
  'call_ended_patient',
  'ended',
  'error_generic',
  'chat_you',
  'chat_patient',
  'chat_clinician',
  'chat_empty',
] as const;

/** Why there is no call to join now, in words. */
function ClosedNotice(props: VideoVisitPageProps) {
  const { ctx, state } = props;
  const { t } = ctx;
  if (state.ended) return <Alert kind="info">{t('telemedicine.ended')}</Alert>;
  if (props.now < state.opensAt)
    return (
      <Alert kind="info" title={t('telemedicine.join_opens_at', { time: formatZonedTime(ctx.locale, state.opensAt, ctx.timeZone) })}>
        <p>
          {t('telemedicine.not_open_yet', {
            time: formatZonedTime(ctx.locale, state.opensAt, ctx.timeZone),
            minutes: props.joinOpensMinutes,
          })}
        </p>
      </Alert>
    );
  return <Alert kind="warning">{t(props.now >= state.closesAt ? 'telemedicine.closed' : 'telemedicine.inactive')}</Alert>;
}

function CallControls(props: VideoVisitPageProps) {
  const { ctx, state } = props;
  const { t } = ctx;
  return (
    <div class="call-controls" id="call-controls" hidden>
      <button type="button" class="btn btn--secondary" id="mute-button" aria-pressed="false">
        {t('telemedicine.mute')}
      </button>
      <button type="button" class="btn btn--secondary" id="camera-button" aria-pressed="false">
        {t('telemedicine.camera_off')}
      </button>
      {state.side === 'clinician' && (
        <button type="button" class="btn btn--secondary" id="share-button" aria-pressed="false">
          {t('telemedicine.share_screen')}
        </button>
      )}
    </div>
  );
}

function Chat(props: { ctx: PageContext }) {
  const { t } = props.ctx;
  return (
    <Card title={t('telemedicine.chat_title')} id="chat">
      <p class="hint">{t('telemedicine.chat_kept')}</p>
      <ol class="chat-log" id="chat-log" aria-live="polite"></ol>
      <form class="chat-form" id="chat-form" hidden>
        <label for="chat-input">{t('telemedicine.chat_label')}</label>
        <textarea id="chat-input" name="body" rows={2} maxLength={2000} required></textarea>
        <Button>{t('video_visit.chat_send')}</Button>
      </form>
    </Card>
  );
}

/** The call: waiting room or admission, the two videos, controls, chat; driven by video-call.js. */
function Call(props: VideoVisitPageProps) {
  const { ctx, state } = props;
  const { t } = ctx;
  const words = Object.fromEntries(SCRIPT_WORDS.map((key) => [key, t(`telemedicine.${key}`)]));
  return (
    <section
      id="video-visit"
      class="video-visit"
      data-appointment-id={state.appointmentId}
      data-side={state.side}
      data-words={JSON.stringify(words)}
    >
      <p id="call-status" class="call-status" role="status"></p>
      <div id="call-notice" class="alert alert--warning" role="alert" hidden></div>
      {state.side === 'patient' ? (
        <div id="waiting-room" hidden>
          <Alert kind="info" title={t('telemedicine.waiting_title')}>
            <p>{t('telemedicine.waiting_text')}</p>
          </Alert>
        </div>
      ) : (
        <div id="admission" class="admission">
          <p id="patient-presence">{t('telemedicine.patient_absent')}</p>
          <button type="button" class="btn btn--primary" id="admit-button" hidden>
            {t('video_visit.admit')}
          </button>
        </div>
      )}
      <div class="video-stage" id="video-stage">
        <figure class="video-tile video-tile--remote">
          <video id="remote-video" autoplay playsInline></video>
          <figcaption>{t('telemedicine.remote_video')}</figcaption>
        </figure>
        <figure class="video-tile video-tile--local">
          <video id="local-video" autoplay playsInline muted></video>
          <figcaption>{t('telemedicine.local_video')}</figcaption>
        </figure>
      </div>
      <CallControls {...props} />
      {state.side === 'clinician' && (
        <Form
          ctx={ctx}
          action={`/staff/appointments/${state.appointmentId}/video/end`}
          class="inline-form"
          confirm={t('telemedicine.end_confirm')}
        >
          <Button variant="danger" id="end-button">
            {t('telemedicine.end_call')}
          </Button>
        </Form>
      )}
      <Chat ctx={ctx} />
    </section>
  );
}

/** A telemedicine appointment's video visit, for its patient (/portal) or its clinician (/staff). */
export function VideoVisitPage(props: VideoVisitPageProps) {
  const { ctx, state } = props;
  const { t } = ctx;
  const when = `${formatZonedDate(ctx.locale, props.startsAt, ctx.timeZone, 'full')}, ${formatZonedTimeRange(ctx.locale, props.startsAt, props.endsAt, ctx.timeZone)}`;
  return (
    <Layout ctx={ctx} title={t('telemedicine.page_title')} wide>
      <link rel="stylesheet" href="/assets/telemedicine/telemedicine.css" />
      <PageHeader
        title={t('telemedicine.page_title')}
        subtitle={when}
        actions={
          <LinkButton href={`${props.base}/appointments/${state.appointmentId}/video/check`}>
            {t('telemedicine.device_check_link')}
          </LinkButton>
        }
      />
      {props.message && <Alert kind="danger">{props.message}</Alert>}
      {state.joinable ? <Call {...props} /> : <ClosedNotice {...props} />}
      {state.joinable && <script src="/assets/telemedicine/video-call.js" defer></script>}
    </Layout>
  );
}
