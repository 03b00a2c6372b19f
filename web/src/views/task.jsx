// A task: who answers for it on a chosen day, what it waits for and what waits for it, what a delay breaks,
// and the sources that say so.
import { useEffect, useState } from "preact/hooks";
import { gql } from "../lib/api.js";
import { fmtDate, todayIso } from "../lib/dates.js";
import { useLoad } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { hrefOf } from "../lib/links.js";
import { DateControl, EntityLink, Loaded, Section, StateChip, useAsOf } from "../components/ui.jsx";
import TASK from "../queries/task.graphql?raw";
import DELAY from "../queries/delay.graphql?raw";

function Chain({ accountability }) {
  const t = useT();
  if (!accountability.leads.length) return <p>{t("noLead")}</p>;
  const lead = accountability.leads[0];
  return (
    <ol class="chain" data-testid="chain">
      <li class="chain-lead">
        <span class="chain-role">{t("lead")}</span> <EntityLink entity={lead} />
      </li>
      {accountability.steps.map((step) => (
        <li>
          <span class="chain-role">{t(`rel.${step.relation}`)}</span> <EntityLink entity={step.parent} />{" "}
          <span class="muted">
            {step.validFrom ? t("from", { date: fmtDate(step.validFrom) }) : ""}
            {step.validTo ? ` ${t("to", { date: fmtDate(step.validTo) })}` : ""}
          </span>
          {accountability.ministry && step.parent?.id === accountability.ministry.id && (
            <strong class="ministry-badge"> · {t("ministry")}</strong>
          )}
        </li>
      ))}
    </ol>
  );
}

function Reach({ items, testId }) {
  const t = useT();
  if (!items.length) return <p>{t("none")}</p>;
  return (
    <ul class="reach" data-testid={testId}>
      {items.map((r) => (
        <li>
          <span class="depth" title={t("depth")}>
            {r.depth}
          </span>{" "}
          <EntityLink entity={r.task} /> {r.task && <StateChip state={r.task.deadlineState} />}{" "}
          <span class="muted nowrap">{fmtDate(r.task?.due)}</span>
        </li>
      ))}
    </ul>
  );
}

function Delay({ id, lang }) {
  const t = useT();
  const [days, setDays] = useState("30");
  const [asked, setAsked] = useState(null);
  const state = useLoad(() => (asked === null ? Promise.resolve(null) : gql(DELAY, { id, days: asked, lang })), [id, asked, lang]);
  const submit = (event) => {
    event.preventDefault();
    const n = Number(days);
    if (Number.isInteger(n) && n >= 0 && n <= 3650) setAsked(n);
  };
  const impact = state.data?.task?.delayImpact;
  return (
    <Section id="delay" title={t("delay")}>
      <form class="delay-control" onSubmit={submit}>
        <label for="delay-days">{t("delayDays")}</label>
        <input id="delay-days" type="number" min="0" max="3650" step="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        <button type="submit">{t("delayRun")}</button>
      </form>
      <div aria-live="polite">
        {state.error && <p class="error">{t("error", { message: state.error.message })}</p>}
        {impact && (
          <div data-testid="delay-result" data-days={impact.days}>
            {impact.hypothetical && <p class="muted">{t("delayHypothetical")}</p>}
            <h3>{t("moved")}</h3>
            {impact.moved.length === 0 ? (
              <p>{t("movedNone")}</p>
            ) : (
              <div class="table-scroll">
                <table data-testid="moved">
                  <thead>
                    <tr>
                      <th scope="col">{t("task")}</th>
                      <th scope="col">{t("before")}</th>
                      <th scope="col">{t("after")}</th>
                      <th scope="col">{t("due")}</th>
                      <th scope="col" class="num">{t("late")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {impact.moved.map((m) => (
                      <tr class={m.missesDeadline ? "missed" : ""} data-task={m.task?.id}>
                        <td>
                          <EntityLink entity={m.task} />
                          {m.missesDeadline && <strong class="missed-label"> · {t("missed")}</strong>}
                        </td>
                        <td class="nowrap">{fmtDate(m.before)}</td>
                        <td class="nowrap">{fmtDate(m.after)}</td>
                        <td class="nowrap">{fmtDate(m.due)}</td>
                        <td class="num">{m.daysLate != null && m.daysLate > 0 ? m.daysLate : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <h3>{t("targetsFall")}</h3>
            {impact.targets.length === 0 ? (
              <p>{t("targetsNone")}</p>
            ) : (
              <ul data-testid="targets-fall">
                {impact.targets.map((x) => (
                  <li>
                    <EntityLink entity={x.indicator} /> — {x.year}
                    {x.target?.value != null ? `: ${x.target.value} ${x.target.unit || ""}` : ""} ({fmtDate(x.end)} →{" "}
                    {fmtDate(x.finish)}, +{x.daysLate} {t("days")})
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Section>
  );
}

function Sources({ sources }) {
  const t = useT();
  if (!sources.length) return <p>{t("none")}</p>;
  return (
    <ul class="sources" data-testid="sources">
      {sources.map((s) => (
        <li>
          <a href={hrefOf(s.document?.id || s.documentId)}>{s.document?.number || s.document?.name || s.documentId}</a>,{" "}
          {s.locator} <span class="muted">({t(`source.${s.kind}`)})</span>
          {s.quote && (
            <blockquote lang="vi">
              <p>{s.quote}</p>
            </blockquote>
          )}
          {s.note && <p class="muted">{s.note}</p>}
        </li>
      ))}
    </ul>
  );
}

export default function TaskView({ entityKey, lang }) {
  const t = useT();
  const id = `task/${entityKey}`;
  const [asOf, setAsOf] = useAsOf(todayIso());
  const state = useLoad(() => gql(TASK, { id, lang, asOf }), [id, lang, asOf]);
  useEffect(() => {
    if (state.data?.task) document.title = `${state.data.task.name} — stratagraph`;
  }, [state.data]);
  return (
    <Loaded state={state}>
      {({ task }) =>
        !task ? (
          <p>{t("notFound")}</p>
        ) : (
          <>
            <h1>{task.name}</h1>
            {task.retired && (
              <p class="retired" role="note" data-testid="retired">
                {t("retiredNote", { date: fmtDate(task.retired.on), by: task.retired.by || "—" })}
              </p>
            )}
            <dl class="facts">
              <div>
                <dt>{t("plan")}</dt>
                <dd>
                  <EntityLink entity={task.plan} />
                </dd>
              </div>
              {task.group && (
                <div>
                  <dt>{t("group")}</dt>
                  <dd>{task.group}</dd>
                </div>
              )}
              <div>
                <dt>{t("deadline")}</dt>
                <dd>
                  {task.deadline ? task.deadline.text : "—"}
                  {task.due ? ` → ${fmtDate(task.due)}` : ""} <StateChip state={task.deadlineState} />
                </dd>
              </div>
              <div>
                <dt>{t("status")}</dt>
                <dd>{t(`taskStatus.${task.status}`)}</dd>
              </div>
              {task.output && (
                <div>
                  <dt>{t("output")}</dt>
                  <dd>{task.output}</dd>
                </div>
              )}
              {task.indicators.length > 0 && (
                <div>
                  <dt>{t("indicatorsServed")}</dt>
                  <dd>
                    <ul class="inline-list">
                      {task.indicators.map((i) => (
                        <li>
                          <EntityLink entity={i} />
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              )}
              {task.note && (
                <div>
                  <dt>{t("note")}</dt>
                  <dd>{task.note}</dd>
                </div>
              )}
            </dl>
            <ul class="actions">
              <li>
                <a href={`/id/${task.id}`}>{t("entityPage")}</a>
              </li>
            </ul>
            <Section id="accountability" title={t("accountability")} note={t("accountabilityNote")}>
              <DateControl id="chain-date" value={asOf} onChange={setAsOf} />
              <Chain accountability={task.accountability} />
              {task.accountability.supporters.length > 0 && (
                <p>
                  <strong>{t("supporters")}: </strong>
                  {task.accountability.supporters.map((a, i) => (
                    <>
                      {i ? ", " : ""}
                      <EntityLink entity={a} />
                    </>
                  ))}
                </p>
              )}
            </Section>
            <div class="two-columns">
              <Section id="upstream" title={t("upstream")}>
                <Reach items={task.upstream} testId="upstream" />
              </Section>
              <Section id="downstream" title={t("downstream")}>
                <Reach items={task.downstream} testId="downstream" />
              </Section>
            </div>
            <Delay id={id} lang={lang} />
            <Section id="sources" title={t("sources")}>
              <Sources sources={task.sources} />
            </Section>
          </>
        )
      }
    </Loaded>
  );
}
