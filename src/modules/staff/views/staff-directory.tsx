import type { FieldError } from '../../../platform/errors.js';
import { Button, Field, Form, Pagination, SelectField, Table } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { STAFF_ROLES, type Role } from '../../../platform/auth/auth.tables.js';
import { REGISTRATION_TIER_ROLES, roleHasPermission } from '../../../platform/authz/permissions.js';
import type { StaffMember } from '../services/staff-directory.service.js';
import type { Department, Specialty } from '../staff.schemas.js';
import { StaffAvatar } from './staff-photo.js';

/** A language tag in the reader's own language (`es` → "Spanish" / "espagnol"). */
export function languageName(locale: string, tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export interface DirectoryFilters {
  query?: string;
  department?: string;
  specialty?: string;
  language?: string;
  role?: string;
}

export function StaffDirectoryPage(props: {
  ctx: PageContext;
  filters: DirectoryFilters;
  errors: FieldError[];
  departments: Department[];
  specialties: Specialty[];
  items: StaffMember[];
  nextHref: string | null;
}) {
  const { ctx, filters } = props;
  const { t } = ctx;
  // The front desk and administrators may open any clinician's calendar (the clinicians their own).
  const opensCalendars = ctx.actor ? REGISTRATION_TIER_ROLES.includes(ctx.actor.role) : false;
  return (
    <Layout ctx={ctx} title={t('staff.directory_title')} wide>
      <PageHeader title={t('staff.directory_title')} subtitle={t('staff.directory_subtitle')} />
      <Form ctx={ctx} action="/staff/directory" method="get" class="form form--filters">
        <Field name="query" type="search" label={t('staff.filter_name')} value={filters.query} errors={props.errors} maxLength={100} />
        <SelectField
          name="department"
          label={t('staff.filter_department')}
          includeBlank={t('staff.any_department')}
          value={filters.department}
          errors={props.errors}
          options={props.departments.map((d) => ({ value: d.id, label: d.name }))}
        />
        <SelectField
          name="specialty"
          label={t('staff.filter_specialty')}
          includeBlank={t('staff.any_specialty')}
          value={filters.specialty}
          errors={props.errors}
          options={props.specialties.map((s) => ({ value: s.id, label: s.name }))}
        />
        <Field
          name="language"
          label={t('staff.filter_language')}
          hint={t('staff.filter_language_hint')}
          value={filters.language}
          errors={props.errors}
          maxLength={20}
        />
        <SelectField
          name="role"
          label={t('staff.filter_role')}
          includeBlank={t('staff.any_role')}
          value={filters.role}
          errors={props.errors}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`staff.role_${r}`) }))}
        />
        <Button>{t('staff.filter_submit')}</Button>
      </Form>
      <Table
        caption={t('staff.directory_title')}
        rows={props.items}
        empty={t('staff.directory_empty')}
        columns={[
          { header: t('staff.col_photo'), cell: (m) => <StaffAvatar name={m.name} photoUrl={m.photoUrl} /> },
          {
            header: t('staff.col_name'),
            cell: (m) => (
              <>
                {m.title ? `${m.name}, ${m.title}` : m.name}
                {opensCalendars && roleHasPermission(m.role as Role, 'availability.manage') && (
                  <>
                    {' · '}
                    <a href={`/staff/calendar?staffId=${m.id}`} aria-label={t('staff.open_calendar_of', { name: m.name })}>
                      {t('staff.open_calendar')}
                    </a>
                  </>
                )}
              </>
            ),
          },
          { header: t('staff.col_role'), cell: (m) => t(`staff.role_${m.role}`) },
          { header: t('staff.col_department'), cell: (m) => m.department?.name ?? '—' },
          { header: t('staff.col_specialties'), cell: (m) => m.specialties.map((s) => s.name).join(', ') || '—' },
          { header: t('staff.col_languages'), cell: (m) => m.languages.map((l) => languageName(ctx.locale, l)).join(', ') || '—' },
        ]}
      />
      <Pagination ctx={ctx} nextHref={props.nextHref} />
    </Layout>
  );
}
