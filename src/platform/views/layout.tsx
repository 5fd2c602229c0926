import type { ComponentChildren } from 'preact';
import type { Role } from '../auth/auth.tables.js';
import { CLINICAL_ROLES } from '../authz/permissions.js';
import { LOCALE_NAMES, SUPPORTED_LOCALES } from '../i18n/i18n.js';
import { Icon } from './icons.js';
import { layoutHeaderItems, layoutScripts } from './layout-extensions.js';
import type { PageContext } from './page-context.js';

interface NavItem {
  href: string;
  key: string;
}

/** Navigation by role: each audience sees the places it works in, nothing else. */
function navFor(role: Role | undefined, privacyOfficer = false): NavItem[] {
  if (!role) return [];
  if (role === 'patient') {
    return [
      { href: '/portal', key: 'nav.home' },
      { href: '/portal/profile', key: 'nav.my_profile' },
      { href: '/portal/appointments', key: 'nav.appointments' },
      { href: '/portal/health-record', key: 'nav.health_record' },
      { href: '/portal/doses', key: 'nav.my_doses' },
      { href: '/portal/medicines', key: 'nav.my_medicines' },
      { href: '/portal/lab-results', key: 'nav.my_lab_results' },
      { href: '/portal/devices', key: 'nav.my_devices' },
      { href: '/portal/vitals', key: 'nav.my_vitals' },
      { href: '/portal/bills', key: 'nav.my_bills' },
      { href: '/portal/claims', key: 'nav.my_claims' },
      { href: '/portal/messages', key: 'nav.messages' },
      { href: '/portal/access-log', key: 'nav.access_log' },
    ];
  }
  const items: NavItem[] = [{ href: '/staff', key: 'nav.home' }];
  if (role !== 'inventory_manager') items.push({ href: '/staff/patients', key: 'nav.patients' });
  if (CLINICAL_ROLES.includes(role)) items.push({ href: '/staff/my-patients', key: 'nav.my_patients' });
  if (CLINICAL_ROLES.includes(role)) items.push({ href: '/clinical-alerts', key: 'nav.clinical_alerts' });
  if (CLINICAL_ROLES.includes(role)) items.push({ href: '/staff/messages', key: 'nav.messages' });
  if (role === 'doctor' || role === 'nurse') items.push({ href: '/staff/remote-monitoring', key: 'nav.remote_monitoring' });
  if (role === 'doctor' || role === 'nurse') items.push({ href: '/staff/patient-messages', key: 'nav.patient_messages' });
  if (role === 'doctor' || role === 'nurse' || role === 'radiologist') {
    items.push({ href: '/staff/calendar', key: 'nav.my_calendar' }, { href: '/staff/availability', key: 'nav.my_availability' });
  }
  if (role === 'doctor') items.push({ href: '/staff/renewal-requests', key: 'nav.renewal_requests' });
  if (role === 'doctor') items.push({ href: '/lab/results-to-review', key: 'nav.lab_results_to_review' });
  if (role === 'lab_technician')
    items.push({ href: '/lab/queue', key: 'nav.lab_queue' }, { href: '/lab/reconciliation', key: 'nav.lab_reconciliation' });
  if (role === 'receptionist' || role === 'admin') items.push({ href: '/staff/schedule', key: 'nav.schedule' });
  if (role === 'pharmacist') items.push({ href: '/staff/pharmacy', key: 'nav.pharmacy' });
  if (role === 'radiologist' || role === 'radiographer') items.push({ href: '/staff/imaging/worklist', key: 'nav.radiology_worklist' });
  if (role === 'pharmacist' || role === 'admin') items.push({ href: '/staff/formulary', key: 'nav.formulary' });
  if (role === 'nurse') items.push({ href: '/staff/doses', key: 'nav.medication_round' });
  if (role === 'nurse' || role === 'doctor') items.push({ href: '/staff/vitals/round', key: 'nav.vitals_round' });
  if (role === 'nurse' || role === 'doctor') items.push({ href: '/staff/vitals/board', key: 'nav.vitals_board' });
  if (role === 'nurse' || role === 'doctor') items.push({ href: '/staff/ed', key: 'nav.ed_board' });
  if (CLINICAL_ROLES.includes(role) || role === 'admin') items.push({ href: '/staff/decision-support', key: 'nav.decision_support' });
  if (role === 'billing' || role === 'admin') items.push({ href: '/staff/billing', key: 'nav.billing' });
  items.push({ href: '/staff/directory', key: 'nav.staff_directory' });
  items.push({ href: '/alerts', key: 'nav.alerts' });
  if (role === 'admin') {
    items.push(
      { href: '/admin/staff', key: 'nav.admin_staff' },
      { href: '/admin/audit', key: 'nav.admin_audit' },
      { href: '/admin/api-keys', key: 'nav.admin_api_keys' },
      { href: '/admin/outbox', key: 'nav.admin_outbox' },
      { href: '/admin/hl7-inbound', key: 'nav.admin_hl7_inbound' },
      { href: '/admin/reports/time-to-acknowledge', key: 'nav.admin_time_to_acknowledge' },
      { href: '/admin/lab-catalogue', key: 'nav.admin_lab_catalogue' },
      { href: '/admin/ed/triage-scale', key: 'nav.admin_triage_scale' },
      { href: '/admin/emergency/units', key: 'nav.admin_ambulance_units' },
    );
  } else if (privacyOfficer) {
    items.push({ href: '/admin/audit', key: 'nav.admin_audit' });
  }
  return items;
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; wide?: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  const items = navFor(ctx.actor?.role, ctx.actor?.flags.privacyOfficer);
  const audience = !ctx.actor ? 'public' : ctx.actor.role === 'patient' ? 'patient' : 'staff';
  return (
    <html lang={ctx.locale} dir={ctx.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Carewell`}</title>
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/carewell.css" />
        {/* htmx would inject its indicator styles inline, which the CSP forbids: they live in carewell.css. */}
        <meta name="htmx-config" content='{"includeIndicatorStyles":false}' />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/app.js" defer></script>
        {ctx.actor && <meta name="csrf-token" content={ctx.csrfToken} />}
        {ctx.actor && layoutScripts().map((src) => <script src={src} defer></script>)}
      </head>
      <body class={`audience-${audience}`}>
        <a class="skip-link" href="#main">
          {t('common.skip_to_content')}
        </a>
        {ctx.demoMode && (
          <div class="demo-banner" role="note">
            {t('common.demo_banner')}
            {ctx.insecureTransport ? ` ${t('common.insecure_banner')}` : ''}
          </div>
        )}
        <SiteHeader ctx={ctx} items={items} />
        <main id="main" class={props.wide ? 'main main--wide' : 'main'} tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>{t('common.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

/** Brand, navigation (a menu on phones), language, the modules' header items and the account. */
function SiteHeader(props: { ctx: PageContext; items: NavItem[] }) {
  const { ctx, items } = props;
  const { t } = ctx;
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <span class="brand-mark">
          <Icon name="plus" />
        </span>
        Carewell
      </a>
      {items.length > 0 && (
        <>
          {/* Wide screens: the links in a row. Phones: the same links behind a "Menu" toggle
              (<details>, no script); CSS shows one of the two, so only one is ever exposed. */}
          <nav class="site-nav" aria-label={t('nav.main')}>
            <NavLinks ctx={ctx} items={items} />
          </nav>
          <details class="nav-menu">
            <summary class="nav-menu-toggle">
              <Icon name="menu" />
              {t('nav.menu')}
            </summary>
            <nav class="nav-menu-panel" aria-label={t('nav.main')}>
              <NavLinks ctx={ctx} items={items} />
            </nav>
          </details>
        </>
      )}
      <div class="header-tools">
        <form method="post" action="/language" class="language-form">
          <input type="hidden" name="_csrf" value={ctx.csrfToken} />
          <input type="hidden" name="next" value={ctx.path} />
          <label for="language-select" class="visually-hidden">
            {t('common.language')}
          </label>
          <select id="language-select" name="locale" data-autosubmit>
            {SUPPORTED_LOCALES.map((l) => (
              <option value={l} selected={l === ctx.locale} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
          {/* Choosing a language applies it (app.js submits on change); without script, this button does. */}
          <noscript>
            <button type="submit" class="btn btn--secondary btn--small">
              {t('common.change_language')}
            </button>
          </noscript>
        </form>
        {ctx.actor && layoutHeaderItems().map((item) => item(ctx))}
        {ctx.actor ? (
          <div class="account-menu">
            <a href="/account">{t('nav.account')}</a>
            <form method="post" action="/logout">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <button type="submit" class="btn btn--link">
                {t('nav.sign_out')}
              </button>
            </form>
          </div>
        ) : (
          <a href="/login">{t('nav.sign_in')}</a>
        )}
      </div>
    </header>
  );
}

function NavLinks(props: { ctx: PageContext; items: NavItem[] }) {
  return (
    <ul>
      {props.items.map((item) => (
        <li>
          <a href={item.href} aria-current={isCurrent(props.ctx.path, item.href) ? 'page' : undefined}>
            {props.ctx.t(item.key)}
          </a>
        </li>
      ))}
    </ul>
  );
}

function isCurrent(path: string, href: string): boolean {
  return path === href || (href !== '/portal' && href !== '/staff' && path.startsWith(`${href}/`));
}

export function PageHeader(props: { title: string; subtitle?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <div class="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle && <p class="page-subtitle">{props.subtitle}</p>}
      </div>
      {props.actions && <div class="page-actions">{props.actions}</div>}
    </div>
  );
}
