// A plan: its timeline, dependency graph, responsibility matrix, indicators and gaps.
import { useEffect } from "preact/hooks";
import { gql } from "../lib/api.js";
import { fmtDate } from "../lib/dates.js";
import { useLoad } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { hrefOf, keyOf } from "../lib/links.js";
import { countByState, loadPlan } from "../lib/plan-data.js";
import { STATE_COLOURS, STATES } from "../lib/states.js";
import { LayeredGraph } from "../components/graph.jsx";
import { Gantt, Heatmap, IndicatorChart } from "../components/plot.jsx";
import { EntityLink, Loaded, Period, Section } from "../components/ui.jsx";
import MATRIX from "../queries/plan-matrix.graphql?raw";
import INDICATORS from "../queries/plan-indicators.graphql?raw";
import GAPS from "../queries/plan-gaps.graphql?raw";

export function PlanHeader({ plan, tasks, links = true }) {
  const t = useT();
  const counts = countByState(tasks);
  const key = keyOf(plan.id);
  return (
    <>
      <h1>{plan.name}</h1>
      <dl class="facts">
        <div>
          <dt>{t("kind")}</dt>
          <dd>{t(`kind.${plan.kind}`)}</dd>
        </div>
        <div>
          <dt>{t("status")}</dt>
          <dd>{t(`status.${plan.status}`)}</dd>
        </div>
        <div>
          <dt>{t("period")}</dt>
          <dd>
            <Period start={plan.start} end={plan.end} />
            {plan.horizon ? ` · ${t("horizon")} ${plan.horizon}` : ""}
          </dd>
        </div>
        {plan.adoptedBy && (
          <div>
            <dt>{t("adoptedBy")}</dt>
            <dd>
              <a href={hrefOf(plan.adoptedBy.id)}>{plan.adoptedBy.number || plan.adoptedBy.name}</a>
              {plan.adoptedBy.date ? ` (${fmtDate(plan.adoptedBy.date)})` : ""}
            </dd>
          </div>
        )}
        {plan.implements?.length > 0 && (
          <div>
            <dt>{t("implements")}</dt>
            <dd>
              {plan.implements.map((p) => (
                <EntityLink entity={p} />
              ))}
            </dd>
          </div>
        )}
        <div>
          <dt>{t("tasks")}</dt>
          <dd class="counts">
            {tasks.length}:{" "}
            {STATES.filter((s) => counts[s]).map((s) => (
              <span class="count" style={{ borderColor: STATE_COLOURS[s] }}>
                {t(`state.${s}`)} {counts[s]}
              </span>
            ))}
          </dd>
        </div>
      </dl>
      {links && (
        <ul class="actions">
          <li>
            <a href={`/plans/${key}/report`}>{t("report")}</a>
          </li>
          <li>
            <a href={`/plans/${key}/deadlines.ics`} type="text/calendar">
              {t("calendar")}
            </a>
          </li>
          <li>
            <a href={`/plans/${key}/matrix.csv`} type="text/csv">
              {t("matrixCsv")}
            </a>
          </li>
          <li>
            <a href={`/id/${plan.id}`}>{t("entityPage")}</a>
          </li>
        </ul>
      )}
    </>
  );
}

export function CriticalSummary({ plan, critical }) {
  const t = useT();
  const path = plan.criticalPath;
  if (!critical.size) return null;
  return (
    <p class="critical-summary">
      {t("criticalSummary", {
        n: critical.size,
        finish: fmtDate(path.finish),
        deadline: fmtDate(path.deadline),
        slack: path.slack ?? "—",
      })}
    </p>
  );
}

function Dependencies({ tasks, critical }) {
  const t = useT();
  const ids = new Set(tasks.map((x) => x.id));
  const edges = [];
  const external = new Map();
  for (const task of tasks) {
    for (const pre of task.dependsOn) {
      edges.push({ from: pre.id, to: task.id, classes: critical.has(pre.id) && critical.has(task.id) ? "critical" : "" });
      if (!ids.has(pre.id)) external.set(pre.id, pre);
    }
  }
  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  if (!edges.length) return <p>{t("noDependencies")}</p>;
  const nodes = [
    ...tasks.filter((x) => linked.has(x.id)).map((x) => ({ ...x, outside: false })),
    ...[...external.values()].map((x) => ({ ...x, outside: true })),
  ].map((x) => ({
    id: x.id,
    label: x.name || x.id,
    title: `${x.name || x.id} — ${t(`state.${x.deadlineState}`)}`,
    href: hrefOf(x.id),
    classes: `state-${x.deadlineState}${critical.has(x.id) ? " critical" : ""}${x.outside ? " outside" : ""}`,
  }));
  const isolated = tasks.length - tasks.filter((x) => linked.has(x.id)).length;
  return (
    <>
      <LayeredGraph nodes={nodes} edges={edges} direction="LR" label={t("dependencies")} testId="dependency-graph" />
      {isolated > 0 && <p class="muted">{t("isolated", { n: isolated })}</p>}
    </>
  );
}

function Matrix({ id, lang }) {
  const t = useT();
  const state = useLoad(() => gql(MATRIX, { id, lang }), [id, lang]);
  return (
    <Section id="matrix" title={t("matrix")} note={t("matrixNote")}>
      <Loaded state={state}>
        {(data) =>
          data.plan.responsibilityMatrix.rows.length ? (
            <Heatmap matrix={data.plan.responsibilityMatrix} />
          ) : (
            <p>{t("none")}</p>
          )
        }
      </Loaded>
    </Section>
  );
}

function Indicators({ id, lang }) {
  const t = useT();
  const state = useLoad(() => gql(INDICATORS, { id, lang }), [id, lang]);
  return (
    <Section id="indicators" title={t("indicators")}>
      <Loaded state={state}>
        {(data) =>
          data.plan.indicators.length === 0 ? (
            <p>{t("noIndicators")}</p>
          ) : (
            <div class="indicator-grid">
              {data.plan.indicators.map((indicator) => {
                const numeric =
                  indicator.targets.some((x) => x.value != null && x.year != null) ||
                  indicator.measurements.some((m) => m.value != null);
                const qualitative = indicator.targets.filter((x) => x.value == null && x.text);
                return (
                  <article class="indicator" aria-labelledby={`ind-${keyOf(indicator.id)}`}>
                    <h3 id={`ind-${keyOf(indicator.id)}`}>
                      <a href={hrefOf(indicator.id)}>{indicator.name}</a>
                    </h3>
                    {numeric ? <IndicatorChart indicator={indicator} /> : null}
                    {qualitative.length > 0 && (
                      <ul class="qualitative" aria-label={t("qualitative")}>
                        {qualitative.map((x) => (
                          <li>
                            {x.year ? <strong>{x.year}: </strong> : null}
                            {x.text}
                          </li>
                        ))}
                      </ul>
                    )}
                    {!numeric && !qualitative.length && <p class="muted">{t("noNumbers")}</p>}
                  </article>
                );
              })}
            </div>
          )
        }
      </Loaded>
    </Section>
  );
}

export function Gaps({ id, lang, testId = "gaps" }) {
  const t = useT();
  const state = useLoad(() => gql(GAPS, { id, lang }), [id, lang]);
  return (
    <Section id="gaps" title={t("gaps")}>
      <Loaded state={state}>
        {(data) =>
          data.plan.gaps.length === 0 ? (
            <p>{t("none")}</p>
          ) : (
            <div class="table-scroll">
              <table data-testid={testId}>
                <thead>
                  <tr>
                    <th scope="col">{t("kind")}</th>
                    <th scope="col">{t("subject")}</th>
                    <th scope="col">{t("description")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.plan.gaps.map((gap) => (
                    <tr>
                      <td>{t(`gap.${gap.kind}`)}</td>
                      <td>
                        <a href={hrefOf(gap.subjectId)}>{gap.subject?.name || gap.subjectId}</a>
                      </td>
                      <td>{gap.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </Section>
  );
}

export default function PlanView({ entityKey, lang }) {
  const t = useT();
  const id = `plan/${entityKey}`;
  const state = useLoad(() => loadPlan(id, lang), [id, lang]);
  useEffect(() => {
    if (state.data?.plan) document.title = `${state.data.plan.name} — stratagraph`;
  }, [state.data]);
  return (
    <Loaded state={state}>
      {({ plan, tasks, total, critical }) =>
        !plan ? (
          <p>{t("notFound")}</p>
        ) : (
          <>
            <PlanHeader plan={plan} tasks={tasks} />
            {total > tasks.length && <p class="error">{t("capped", { shown: tasks.length, total })}</p>}
            <Section id="timeline" title={t("timeline")} note={t("timelineNote")}>
              <CriticalSummary plan={plan} critical={critical} />
              <Gantt tasks={tasks} critical={critical} planStart={plan.start} />
              <p class="muted">{t("undated", { n: tasks.filter((x) => !x.deadline?.end && !x.due).length })}</p>
            </Section>
            <Section id="dependencies" title={t("dependencies")} note={t("dependenciesNote")}>
              <Dependencies tasks={tasks} critical={critical} />
            </Section>
            <Matrix id={id} lang={lang} />
            <Indicators id={id} lang={lang} />
            <Gaps id={id} lang={lang} />
          </>
        )
      }
    </Loaded>
  );
}
