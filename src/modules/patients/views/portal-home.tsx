import type { ComponentChildren } from 'preact';
import { Card, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { PatientProfile } from '../patients.schemas.js';

/** The patient's calm home: a greeting, their worklist (the home module), and a few large cards. */
export function PortalHomePage(props: { ctx: PageContext; patient: PatientProfile; children?: ComponentChildren }) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('patients.portal_title')}>
      <PageHeader title={t('patients.portal_greeting', { name: props.patient.givenName })} subtitle={t('patients.portal_intro')} />
      <section class="alert alert--danger portal-emergency" aria-labelledby="portal-emergency-title">
        <div>
          <h2 id="portal-emergency-title">{t('sos.home_title')}</h2>
          <p>{t('sos.home_text')}</p>
          <a class="btn btn--danger" href="/portal/emergency">
            {t('sos.home_action')}
          </a>
        </div>
      </section>
      {props.children}
      <div class="card-grid">
        <Card title={t('patients.card_profile_title')}>
          <p>{t('patients.card_profile_text')}</p>
          <LinkButton href="/portal/profile" variant="primary">
            {t('patients.card_profile_action')}
          </LinkButton>
        </Card>
        <Card title={t('messaging.home_card_title')}>
          <p>{t('messaging.home_card_text')}</p>
          <LinkButton href="/portal/messages">{t('messaging.home_card_action')}</LinkButton>
        </Card>
        <Card title={t('patients.card_access_title')}>
          <p>{t('patients.card_access_text')}</p>
          <LinkButton href="/portal/access-log">{t('patients.card_access_action')}</LinkButton>
        </Card>
      </div>
    </Layout>
  );
}
