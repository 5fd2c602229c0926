import type { ComponentChildren } from 'preact';
import { Alert, Card, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { StaffPhotoCard, type PhotoSubject } from './staff-photo.js';

export interface QuickLink {
  href: string;
  labelKey: string;
  hintKey: string;
}

/** The staff home: who you are signed in as, the role's worklists, and the places you work in. */
export function StaffHomePage(props: {
  ctx: PageContext;
  name: string;
  role: string;
  links: QuickLink[];
  photo?: PhotoSubject;
  photoNotice?: 'saved' | 'removed';
  /** The role's worklists (the home module), shown before the links. */
  children?: ComponentChildren;
}) {
  const { t } = props.ctx;
  return (
    <Layout ctx={props.ctx} title={t('staff.home_title')}>
      <PageHeader
        title={t('staff.welcome', { name: props.name })}
        subtitle={t('staff.signed_in_as', { role: t(`staff.role_${props.role}`) })}
      />
      {props.photoNotice && <Alert kind="success">{t(`staff.photo_${props.photoNotice}`)}</Alert>}
      {props.children}
      <Card title={t('staff.quick_links')} id="quick-links">
        <ul class="quick-links">
          {props.links.map((link) => (
            <li>
              <LinkButton href={link.href}>{t(link.labelKey)}</LinkButton>
              <p class="hint">{t(link.hintKey)}</p>
            </li>
          ))}
        </ul>
      </Card>
      {props.photo && <StaffPhotoCard ctx={props.ctx} subject={props.photo} from="home" title={t('staff.photo_card')} />}
    </Layout>
  );
}
