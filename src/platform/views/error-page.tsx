import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';
import { Alert, LinkButton } from './components.js';

export function ErrorPage(props: { ctx: PageContext; status: number; detail: string }) {
  const { t } = props.ctx;
  const titleKey = `errors.status_${props.status}`;
  const title = t(titleKey) === titleKey ? t('errors.generic_title') : t(titleKey);
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      <Alert kind="danger">{props.detail}</Alert>
      <LinkButton href="/">{t('errors.go_home')}</LinkButton>
    </Layout>
  );
}
