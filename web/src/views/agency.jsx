// An agency: the organisation around it on a chosen day, its workload, the tasks it leads and supports.
import { useEffect } from "preact/hooks";
import { gql } from "../lib/api.js";
import { fmtDate, todayIso } from "../lib/dates.js";
import { useLoad } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { hrefOf } from "../lib/links.js";
import { STATE_COLOURS, STATES } from "../lib/states.js";
import { LayeredGraph } from "../components/graph.jsx";
import { DateControl, EntityLink, Loaded, Section, StateChip, useAsOf } from "../components/ui.jsx";
import AGENCY from "../queries/agency.graphql?raw";

// The days an affiliation of the agency starts or ends: where the chart changes.
function changeDays(agency) {
  const days = new Set();
  for (const link of [...agency.history, ...agency.governingHistory]) {
    if (link.validFrom) days.add(link.validFrom);
    if (link.validTo) {
      const after = new Date(`${link.validTo}T00:00:00Z`);
      after.setUTCDate(after.getUTCDate() + 1);
      days.add(after.toISOString().slice(0, 10));
    }
  }
  return [...days].sort();
}

function orgChart(agency, t) {
  const nodes = new Map();
  const edges = [];
  const add = (a, classes = "") => {
    if (!nodes.has(a.id))
      nodes.set(a.id, { id: a.id, label: a.name || a.id, sub: a.abbreviation || "", href: hrefOf(a.id), classes });
  };
  add(agency, "focus");
  const up = (child, links, kind) => {
    for (const link of links || []) {
      if (!link.agency) continue;
      add(link.agency);
      edges.push({ from: link.agency.id, to: child.id, classes: kind === "GOVERNED_BY" ? "governs" : "" });
      up(link.agency, link.agency.parents, "PART_OF");
    }
  };
  up(agency, agency.parents, "PART_OF");
  up(agency, agency.governingBodies, "GOVERNED_BY");
  for (const link of agency.units) {
    add(link.agency);
    edges.push({ from: agency.id, to: link.agency.id });
  }
  for (const link of agency.governs) {
    add(link.agency);
    edges.push({ from: agency.id, to: link.agency.id, classes: "governs" });
  }
  return { nodes: [...nodes.values()], edges };
}

function Links({ links, testId }) {
  const t = useT();
  if (!links.length) return <span class="muted">—</span>;
  return (
    <ul class="inline-list" data-testid={testId}>
      {links.map((link) => (
        <li>
          <EntityLink entity={link.agency} />{" "}
          <span class="muted">
            {link.validFrom ? t("from", { date: fmtDate(link.validFrom) }) : ""}
            {link.validTo ? ` ${t("to", { date: fmtDate(link.validTo) })}` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}

function TaskTable({ assignments, testId }) {
  const t = useT();
  if (!assignments.length) return <p>{t("none")}</p>;
  return (
    <div class="table-scroll">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t("task")}</th>
            <th scope="col">{t("state")}</th>
            <th scope="col">{t("deadline")}</th>
            <th scope="col">{t("due")}</th>
            <th scope="col">{t("plan")}</th>
          </tr>
        </thead>
        <tbody>
          {assignments.map((a) => (
            <tr>
              <td>
                <EntityLink entity={a.task} />
              </td>
              <td>
                <StateChip state={a.state} />
              </td>
              <td>{a.task?.deadline?.text || ""}</td>
              <td class="nowrap">{fmtDate(a.due)}</td>
              <td>
                <EntityLink entity={a.task?.plan} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Workload({ workload }) {
  const t = useT();
  const counts = Object.fromEntries(workload.byState.map((s) => [s.state, s.count]));
  const total = Math.max(1, ...Object.values(counts));
  return (
    <>
      <p>{t("workloadSummary", { lead: workload.leadCount, support: workload.supportCount })}</p>
      <ul class="bars" data-testid="workload">
        {STATES.map((s) => (
          <li>
            <span class="bar-label">{t(`state.${s}`)}</span>
            <span class="bar-track" aria-hidden="true">
              <span class="bar-fill" style={{ width: `${(100 * (counts[s] || 0)) / total}%`, background: STATE_COLOURS[s] }} />
            </span>
            <span class="bar-count">{counts[s] || 0}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export default function AgencyView({ entityKey, lang }) {
  const t = useT();
  const id = `agency/${entityKey}`;
  const [asOf, setAsOf] = useAsOf(todayIso());
  const state = useLoad(() => gql(AGENCY, { id, lang, asOf }), [id, lang, asOf]);
  useEffect(() => {
    if (state.data?.agency) document.title = `${state.data.agency.name} — stratagraph`;
  }, [state.data]);
  return (
    <Loaded state={state}>
      {({ agency }) => {
        if (!agency) return <p>{t("notFound")}</p>;
        const chart = orgChart(agency, t);
        const assignments = agency.workload.assignments;
        return (
          <>
            <h1>
              {agency.name}
              {agency.abbreviation ? <span class="abbr"> ({agency.abbreviation})</span> : null}
            </h1>
            <ul class="actions">
              <li>
                <a href={`/agencies/${entityKey}/deadlines.ics`} type="text/calendar">
                  {t("calendar")}
                </a>
              </li>
              <li>
                <a href={`/id/${agency.id}`}>{t("entityPage")}</a>
              </li>
            </ul>
            <Section id="org" title={t("orgChart")} note={t("orgChartNote")}>
              <DateControl id="org-date" value={asOf} onChange={setAsOf} quick={changeDays(agency)} />
              <dl class="facts">
                <div>
                  <dt>{t("parentsOn", { date: fmtDate(asOf) })}</dt>
                  <dd>
                    <Links links={agency.parents} testId="parents" />
                  </dd>
                </div>
                <div>
                  <dt>{t("governedOn", { date: fmtDate(asOf) })}</dt>
                  <dd>
                    <Links links={agency.governingBodies} testId="governing-bodies" />
                  </dd>
                </div>
              </dl>
              <LayeredGraph nodes={chart.nodes} edges={chart.edges} direction="TB" label={t("orgChart")} testId="org-chart" wrapAt={22} />
            </Section>
            <Section id="workload" title={t("workload")}>
              <Workload workload={agency.workload} />
            </Section>
            <Section id="leads" title={t("leads")}>
              <TaskTable assignments={assignments.filter((a) => a.role === "LEAD")} testId="lead-tasks" />
            </Section>
            <Section id="supports" title={t("supports")}>
              <TaskTable assignments={assignments.filter((a) => a.role === "SUPPORT")} testId="support-tasks" />
            </Section>
          </>
        );
      }}
    </Loaded>
  );
}
