// Observable Plot charts mounted in Preact: drawn again when the data, the language or the width change.
import * as Plot from "@observablehq/plot";
import { useEffect, useRef } from "preact/hooks";
import { addDays, fmtDate, todayIso, utc } from "../lib/dates.js";
import { useWidth } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { hrefOf } from "../lib/links.js";
import { STATE_COLOURS, STATES } from "../lib/states.js";

function PlotFigure({ draw, deps, testId, className }) {
  const box = useRef(null);
  const width = useWidth(box, 900);
  useEffect(() => {
    if (!box.current) return undefined;
    const chart = draw(Math.max(width, 240));
    // Plot labels its mark groups and items with aria-label; ARIA allows that only with a role.
    for (const element of chart.querySelectorAll("[aria-label]:not([role])")) {
      element.setAttribute("role", element.tagName.toLowerCase() === "g" ? "group" : "img");
    }
    box.current.replaceChildren(chart);
    return () => chart.remove();
  }, [width, ...deps]);
  return <div ref={box} class={`plot ${className || ""}`} data-testid={testId} />;
}

function short(text, n) {
  return text.length > n ? `${text.slice(0, n - 1).trimEnd()}…` : text;
}

// The window a task's deadline names, as drawn: open starts begin with the plan (or a year before the end),
// yearly duties show their current occurrence as a week. Null when the task has no dated deadline.
export function barOf(task, planStart) {
  const end = utc(task.deadline?.end || task.due);
  if (!end) return null;
  let start = utc(task.deadline?.start);
  if (!start) start = task.deadline?.kind === "RECURRING" ? addDays(end, -7) : utc(planStart) || addDays(end, -365);
  if (start > end) start = addDays(end, -7);
  if ((end - start) / 86400000 < 7) start = addDays(end, -7);
  return { start, end: addDays(end, 1) };
}

export function Gantt({ tasks, critical, planStart, compact = false }) {
  const t = useT();
  const rows = tasks
    .map((task) => ({ task, bar: barOf(task, planStart) }))
    .filter((r) => r.bar)
    .map(({ task, bar }) => ({
      id: task.id,
      name: task.name || task.id,
      start: bar.start,
      end: bar.end,
      window: `${fmtDate(bar.start.toISOString().slice(0, 10))} – ${fmtDate(addDays(bar.end, -1).toISOString().slice(0, 10))}`,
      state: task.deadlineState,
      critical: critical.has(task.id),
      text: task.deadline?.text || "",
    }));
  const today = utc(todayIso());
  // A window of a day or two would be too thin to see or click on a years-long axis: at least 1% of it.
  const times = rows.flatMap((r) => [r.start.getTime(), r.end.getTime()]).concat(today.getTime());
  const least = (Math.max(...times) - Math.min(...times)) / 100;
  for (const r of rows) if (r.end - r.start < least) r.start = new Date(r.end.getTime() - least);
  const draw = (width) => {
    const labelWidth = Math.min(compact ? 420 : 340, Math.max(140, width * 0.42));
    return Plot.plot({
      width,
      height: 40 + rows.length * 24,
      marginLeft: labelWidth,
      marginRight: 16,
      style: { fontFamily: "inherit", fontSize: "12px", overflow: "visible" },
      x: { type: "utc", grid: true, label: null, tickFormat: "%m/%Y", ticks: Math.max(2, Math.floor((width - labelWidth) / 120)) },
      y: {
        domain: rows.map((r) => r.id),
        tickFormat: (id) => short(rows.find((r) => r.id === id)?.name ?? id, Math.floor(labelWidth / 6.4)),
        label: null,
      },
      color: { domain: STATES, range: STATES.map((s) => STATE_COLOURS[s]) },
      marks: [
        Plot.barX(rows, {
          x1: "start",
          x2: "end",
          y: "id",
          fill: "state",
          insetTop: 3,
          insetBottom: 3,
          rx: 3,
          href: (r) => hrefOf(r.id),
          ariaLabel: (r) =>
            `${r.name}: ${r.text}, ${r.window}, ${t(`state.${r.state}`)}${r.critical ? `, ${t("criticalPath")}` : ""}`,
          title: (r) => `${r.name}\n${r.text}\n${t(`state.${r.state}`)}${r.critical ? `\n${t("criticalPath")}` : ""}`,
        }),
        Plot.barX(
          rows.filter((r) => r.critical),
          { x1: "start", x2: "end", y: "id", insetTop: 2, insetBottom: 2, rx: 3, fill: "none", stroke: "#000", strokeWidth: 2.5, ariaHidden: true },
        ),
        Plot.ruleX([today], { stroke: "#d00", strokeWidth: 2, strokeDasharray: "4,3", ariaHidden: true }),
        Plot.text([today], { x: (d) => d, frameAnchor: "top", dy: -4, text: () => t("today"), fill: "#b00", fontWeight: 600, textAnchor: "end", dx: -4 }),
      ],
    });
  };
  return (
    <figure class="gantt" data-testid="gantt" data-bars={rows.length}>
      <PlotFigure draw={draw} deps={[tasks, critical, t("today")]} />
      <Legend />
    </figure>
  );
}

export function Legend() {
  const t = useT();
  return (
    <ul class="legend" aria-label={t("state")}>
      {STATES.map((s) => (
        <li>
          <span class="swatch" style={{ background: STATE_COLOURS[s] }} aria-hidden="true" />
          {t(`state.${s}`)}
        </li>
      ))}
      <li>
        <span class="swatch critical" aria-hidden="true" />
        {t("criticalPath")}
      </li>
    </ul>
  );
}

// Task × agency, dark for the lead, light for a supporter, with the letter as well as the colour.
export function Heatmap({ matrix }) {
  const t = useT();
  const agencies = new Map(matrix.agencies.map((a) => [a.id, a]));
  const cells = matrix.rows.flatMap((row) =>
    row.cells.map((cell) => ({
      task: row.task.id,
      taskName: row.task.name || row.task.id,
      agency: cell.agency.id,
      agencyName: agencies.get(cell.agency.id)?.name || cell.agency.id,
      role: cell.role,
    })),
  );
  const columnLabel = (id) => {
    const a = agencies.get(id);
    return a ? a.abbreviation || short(a.name || id, 18) : id;
  };
  const rowLabel = new Map(matrix.rows.map((r) => [r.task.id, short(r.task.name || r.task.id, 44)]));
  const columns = [...agencies.keys()].filter((id) => cells.some((c) => c.agency === id));
  const lead = t("lead");
  const support = t("support");
  const draw = (width) =>
    Plot.plot({
      width: Math.max(width, 300 + columns.length * 30),
      height: 130 + matrix.rows.length * 22,
      marginLeft: 300,
      marginTop: 120,
      marginRight: 60,
      style: { fontFamily: "inherit", fontSize: "12px" },
      x: { domain: columns, tickFormat: columnLabel, tickRotate: -50, axis: "top", label: null },
      y: { domain: matrix.rows.map((r) => r.task.id), tickFormat: (id) => rowLabel.get(id) ?? id, label: null },
      color: { domain: ["LEAD", "SUPPORT"], range: ["#1d4e89", "#9cc3e6"] },
      marks: [
        Plot.cell(cells, {
          x: "agency",
          y: "task",
          fill: "role",
          inset: 1,
          href: (c) => hrefOf(c.task),
          ariaLabel: (c) => `${c.taskName} — ${c.agencyName}: ${c.role === "LEAD" ? lead : support}`,
          title: (c) => `${c.taskName}\n${c.agencyName}: ${c.role === "LEAD" ? lead : support}`,
        }),
        Plot.text(cells, {
          x: "agency",
          y: "task",
          text: (c) => (c.role === "LEAD" ? lead[0] : support[0]),
          fill: (c) => (c.role === "LEAD" ? "white" : "black"),
          ariaHidden: true,
        }),
      ],
    });
  return (
    <figure class="heatmap" data-testid="heatmap" data-cells={cells.length}>
      <div class="graph-scroll">
        <PlotFigure draw={draw} deps={[matrix, lead]} />
      </div>
    </figure>
  );
}

// One indicator: targets by year (hollow, dashed line) against measurements (filled).
export function IndicatorChart({ indicator }) {
  const t = useT();
  const targets = indicator.targets.filter((x) => x.value != null && x.year != null);
  const measured = indicator.measurements
    .filter((m) => m.value != null && (m.year != null || m.date))
    .map((m) => ({ ...m, year: m.year ?? Number(m.date.slice(0, 4)) }));
  const years = [...new Set([...targets, ...measured].map((d) => d.year))].sort();
  const unit = indicator.unit || targets[0]?.unit || measured[0]?.unit || "";
  const targetLabel = t("targets");
  const measuredLabel = t("measurements");
  const draw = (width) =>
    Plot.plot({
      width: Math.min(width, 560),
      height: 220,
      marginLeft: 50,
      style: { fontFamily: "inherit", fontSize: "12px" },
      x: { domain: years, label: null, tickFormat: (y) => String(y) , type: "point", inset: 30},
      y: { grid: true, label: null, zero: true },
      color: { domain: [targetLabel, measuredLabel], range: ["#a14a00", "#1d4e89"], legend: true },
      marks: [
        Plot.lineY(targets, { x: "year", y: "value", stroke: () => targetLabel, strokeDasharray: "5,4" }),
        Plot.dot(targets, { x: "year", y: "value", stroke: () => targetLabel, r: 5, strokeWidth: 2, tip: true,
          title: (d) => `${targetLabel} ${d.year}: ${d.value} ${d.unit || ""}` }),
        Plot.dot(measured, { x: "year", y: "value", fill: () => measuredLabel, r: 5, tip: true,
          title: (d) => `${measuredLabel} ${d.year}: ${d.value} ${d.unit || ""}` }),
        Plot.ruleY([0]),
      ],
    });
  return (
    <>
      {unit && <p class="muted unit">{unit}</p>}
      <PlotFigure draw={draw} deps={[indicator, targetLabel]} testId="indicator-chart" className="indicator-chart" />
    </>
  );
}
