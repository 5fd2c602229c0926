import { Alert, Card, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';

const SCRIPT_WORDS = ['check_ok', 'check_failed', 'check_denied', 'check_no_device', 'check_unsupported'] as const;

/** Camera, microphone and speaker, tested in the browser only (device-check.js): nothing is sent anywhere. */
export function DeviceCheckPage(props: { ctx: PageContext; videoHref: string }) {
  const { ctx } = props;
  const { t } = ctx;
  const words = Object.fromEntries(SCRIPT_WORDS.map((key) => [key, t(`telemedicine.${key}`)]));
  return (
    <Layout ctx={ctx} title={t('telemedicine.check_title')}>
      <link rel="stylesheet" href="/assets/telemedicine/telemedicine.css" />
      <PageHeader
        title={t('telemedicine.check_title')}
        actions={<LinkButton href={props.videoHref}>{t('telemedicine.check_back')}</LinkButton>}
      />
      <section id="device-check" class="device-check" data-words={JSON.stringify(words)}>
        <Alert kind="info">{t('telemedicine.check_intro')}</Alert>
        <div id="check-problem" class="alert alert--danger" role="alert" hidden></div>
        <p>
          <button type="button" class="btn btn--primary" id="check-start">
            {t('telemedicine.check_start')}
          </button>
        </p>
        <Card title={t('telemedicine.check_camera')}>
          <label for="camera-select">{t('telemedicine.check_camera')}</label>
          <select id="camera-select"></select>
          <video id="check-video" class="check-video" autoplay playsInline muted></video>
          <p id="camera-result" role="status"></p>
        </Card>
        <Card title={t('telemedicine.check_microphone')}>
          <label for="microphone-select">{t('telemedicine.check_microphone')}</label>
          <select id="microphone-select"></select>
          <label for="mic-level">{t('telemedicine.check_mic_level')}</label>
          <meter id="mic-level" min={0} max={1} value={0}></meter>
          <p id="microphone-result" role="status"></p>
        </Card>
        <Card title={t('telemedicine.check_speaker')}>
          <label for="speaker-select">{t('telemedicine.check_speaker')}</label>
          <select id="speaker-select"></select>
          <p>
            <button type="button" class="btn btn--secondary" id="speaker-test">
              {t('telemedicine.check_play_sound')}
            </button>
          </p>
          <p class="hint">{t('telemedicine.check_speaker_hint')}</p>
        </Card>
      </section>
      <script src="/assets/telemedicine/device-check.js" defer></script>
    </Layout>
  );
}
