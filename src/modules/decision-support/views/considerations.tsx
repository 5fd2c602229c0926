import { Alert, Card, EmptyState, LinkButton } from '../../../platform/views/components.js';
import { Layout, PageHeader } from '../../../platform/views/layout.js';
import type { PageContext } from '../../../platform/views/page-context.js';
import type { Consideration, GuidelineSummary } from '../decision-support.schemas.js';
import { ReviewStatusChip, SourceCitation } from './review-status.js';

function ConsiderationItem(props: { ctx: PageContext; item: Consideration }) {
  const { ctx, item } = props;
  const { t } = ctx;
  return (
    <li class="consideration">
      <p>
        <strong>{item.name}</strong> <ReviewStatusChip ctx={ctx} status={item.reviewStatus} />
      </p>
      <p class="hint">{t('decision_support.evidence')}</p>
      <ul>
        {item.evidence.map((e) => (
          <li>
            {e.label} — <q>{e.matched}</q>
          </li>
        ))}
      </ul>
      {item.toTellApart.length > 0 && (
        <>
          <p class="hint">{t('decision_support.to_tell_apart')}</p>
          <ul>
            {item.toTellApart.map((d) => (
              <li>
                {d.label}
                {d.loinc && <span class="hint"> ({t('decision_support.loinc', { code: d.loinc })})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <SourceCitation ctx={ctx} source={item.source} />
    </li>
  );
}

export function GuidelineItems(props: { ctx: PageContext; guidelines: GuidelineSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <ul class="guidelines">
      {props.guidelines.map((g) => (
        <li>
          <p>
            <strong>{g.title}</strong> <span class="hint">{t('decision_support.shown_because', { code: g.matchedBy })}</span>
            {g.origin === 'hospital' && <span class="hint"> · {t('decision_support.origin_hospital')}</span>}
          </p>
          <p>{g.summary}</p>
          <SourceCitation ctx={ctx} source={g.source} />
        </li>
      ))}
    </ul>
  );
}

/** The panel: "things to consider", never a diagnosis; each with its evidence, tests and source. */
export function ConsiderationsPanel(props: { ctx: PageContext; items: Consideration[]; guidelines: GuidelineSummary[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <div id="considerations-panel">
      <p class="hint">{t('decision_support.disclaimer')}</p>
      {props.items.length === 0 ? (
        <EmptyState title={t('decision_support.nothing_to_consider')}>{t('decision_support.nothing_to_consider_hint')}</EmptyState>
      ) : (
        <ol class="considerations">
          {props.items.map((item) => (
            <ConsiderationItem ctx={ctx} item={item} />
          ))}
        </ol>
      )}
      {props.guidelines.length > 0 && (
        <>
          <h3>{t('decision_support.guidelines_heading')}</h3>
          <GuidelineItems ctx={ctx} guidelines={props.guidelines} />
        </>
      )}
    </div>
  );
}

export function ConsiderationsPage(props: {
  ctx: PageContext;
  encounterId: string;
  patientLabel: string;
  items: Consideration[];
  guidelines: GuidelineSummary[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('decision_support.things_to_consider')} wide>
      <PageHeader
        title={t('decision_support.things_to_consider')}
        subtitle={props.patientLabel}
        actions={<LinkButton href={`/staff/encounters/${props.encounterId}`}>{t('decision_support.back_to_encounter')}</LinkButton>}
      />
      <Alert kind="info">{t('decision_support.not_a_diagnosis')}</Alert>
      <Card title={t('decision_support.things_to_consider')}>
        <ConsiderationsPanel ctx={ctx} items={props.items} guidelines={props.guidelines} />
      </Card>
    </Layout>
  );
}
