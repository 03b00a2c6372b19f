// The plan report: what a planning unit prints or saves as PDF for a meeting (A4 landscape).
import { useEffect } from "preact/hooks";
import { fmtDate, todayIso } from "../lib/dates.js";
import { useLoad } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { loadPlan } from "../lib/plan-data.js";
import { Gantt } from "../components/plot.jsx";
import { EntityLink, Loaded, Section, StateChip } from "../components/ui.jsx";
import { CriticalSummary, Gaps, PlanHeader } from "./plan.jsx";

export default function ReportView({ entityKey, lang }) {
  const t = useT();
  const id = `plan/${entityKey}`;
  const state = useLoad(() => loadPlan(id, lang), [id, lang]);
  useEffect(() => {
    document.body.classList.add("report");
    if (state.data?.plan) document.title = `${t("reportTitle")}: ${state.data.plan.name}`;
  }, [state.data, lang]);
  return (
    <Loaded state={state}>
      {({ plan, tasks, critical }) =>
        !plan ? (
          <p>{t("notFound")}</p>
        ) : (
          <article class="report-page" data-testid="report">
            <p class="report-kicker">
              {t("reportTitle")} · {t("reportPrinted", { date: fmtDate(todayIso()) })}
              <button type="button" class="print-button" onClick={() => window.print()}>
                {t("print")}
              </button>
            </p>
            <PlanHeader plan={plan} tasks={tasks} links={false} />
            <section class="report-timeline" aria-labelledby="report-timeline-title">
              <h2 id="report-timeline-title">{t("timeline")}</h2>
              <CriticalSummary plan={plan} critical={critical} />
              <Gantt tasks={tasks} critical={critical} planStart={plan.start} compact />
            </section>
            <section class="report-tasks" aria-labelledby="report-tasks-title">
              <h2 id="report-tasks-title">{t("tasks")}</h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t("task")}</th>
                    <th scope="col">{t("lead")}</th>
                    <th scope="col">{t("deadline")}</th>
                    <th scope="col">{t("due")}</th>
                    <th scope="col">{t("state")}</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task, i) => (
                    <tr>
                      <td class="num">{i + 1}</td>
                      <td>
                        <EntityLink entity={task} />
                      </td>
                      <td>{task.lead ? task.lead.abbreviation || task.lead.name : "—"}</td>
                      <td>{task.deadline?.text || "—"}</td>
                      <td class="nowrap">{fmtDate(task.due)}</td>
                      <td>
                        <StateChip state={task.deadlineState} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <Gaps id={id} lang={lang} testId="report-gaps" />
          </article>
        )
      }
    </Loaded>
  );
}
