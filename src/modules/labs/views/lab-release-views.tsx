import type { FieldError } from '../../../platform/errors.js';
import { Alert, Button, Form, Table } from '../../../platform/views/components.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import { LAB_RELEASE_RULES } from '../labs.vocabulary.js';
import { DEFAULT_RELEASE_RULES, type ReleaseRule } from '../services/lab-release.js';

/** The words of a rule: "After a number of days… (3)". */
export function releaseRuleLabel(ctx: PageContext, r: Pick<ReleaseRule, 'rule' | 'days'>): string {
  const label = ctx.t(`labs.release_rule_${r.rule}`);
  return r.rule === 'after_days' ? `${label} (${ctx.t('labs.release_days')}: ${r.days})` : label;
}

/** Administration → Laboratory catalogue, section "Release to the patient": one small form per category. */
export function ReleaseRulesSection(props: { ctx: PageContext; rules: ReleaseRule[]; errors?: FieldError[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <section aria-labelledby="release-title">
      <h2 id="release-title">{t('labs.release_title')}</h2>
      <p>{t('labs.release_intro')}</p>
      {props.errors && props.errors.length > 0 && (
        <Alert kind="danger">
          {props.errors.map((e) => (
            <p>{e.message}</p>
          ))}
        </Alert>
      )}
      <Table
        caption={t('labs.release_title')}
        rows={props.rules}
        empty=""
        columns={[
          { header: t('labs.col_category'), cell: (r) => t(`labs.category_${r.category}`) },
          { header: t('labs.release_default'), cell: (r) => releaseRuleLabel(ctx, DEFAULT_RELEASE_RULES[r.category]) },
          {
            header: t('labs.release_current'),
            cell: (r) => (
              <Form ctx={ctx} action={`/admin/lab-catalogue/release/${r.category}`} version={r.version}>
                <select
                  name="rule"
                  id={`release-${r.category}-rule`}
                  aria-label={`${t('labs.release_title')}: ${t(`labs.category_${r.category}`)}`}
                >
                  {LAB_RELEASE_RULES.map((rule) => (
                    <option value={rule} selected={rule === r.rule}>
                      {t(`labs.release_rule_${rule}`)}
                    </option>
                  ))}
                </select>{' '}
                <label for={`release-${r.category}-days`}>{t('labs.release_days')}</label>{' '}
                <input
                  id={`release-${r.category}-days`}
                  name="days"
                  value={r.days === null ? '' : String(r.days)}
                  inputMode="numeric"
                  size={4}
                />{' '}
                <Button>{t('labs.release_save')}</Button>
              </Form>
            ),
          },
        ]}
      />
    </section>
  );
}
