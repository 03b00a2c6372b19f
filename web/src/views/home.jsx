// Home: the plans, tasks by deadline state today, the overdue list, search, and the doors for developers.
import { useEffect, useState } from "preact/hooks";
import { gql } from "../lib/api.js";
import { fmtDate } from "../lib/dates.js";
import { useLoad } from "../lib/hooks.js";
import { useT } from "../lib/i18n.js";
import { hrefOf } from "../lib/links.js";
import { STATE_COLOURS, STATES } from "../lib/states.js";
import { EntityLink, Loaded, Period, Section, StateChip } from "../components/ui.jsx";
import HOME from "../queries/home.graphql?raw";
import SEARCH from "../queries/search.graphql?raw";

const COUNT_OF = {
  OVERDUE: "overdueCount",
  DUE_SOON: "dueSoonCount",
  ON_TRACK: "onTrackCount",
  DONE: "doneCount",
  NO_DEADLINE: "undatedCount",
};

function Search({ lang }) {
  const t = useT();
  const [text, setText] = useState("");
  const [asked, setAsked] = useState("");
  const [state, setState] = useState({ results: null, error: null });
  useEffect(() => {
    const handle = setTimeout(() => setAsked(text.trim()), 250);
    return () => clearTimeout(handle);
  }, [text]);
  useEffect(() => {
    if (!asked) {
      setState({ results: null, error: null });
      return undefined;
    }
    let current = true;
    gql(SEARCH, { text: asked, lang }).then(
      (data) => current && setState({ results: data.search, error: null }),
      (error) => current && setState({ results: null, error }),
    );
    return () => {
      current = false;
    };
  }, [asked, lang]);
  return (
    <section class="card search" aria-labelledby="search-title">
      <h2 id="search-title">{t("search")}</h2>
      <form role="search" onSubmit={(e) => (e.preventDefault(), setAsked(text.trim()))}>
        <label for="search-text">{t("searchLabel")}</label>
        <div class="search-row">
          <input id="search-text" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)} autoComplete="off" />
          <button type="submit">{t("searchButton")}</button>
        </div>
      </form>
      <div aria-live="polite">
        {state.error && <p class="error">{t("error", { message: state.error.message })}</p>}
        {state.results && state.results.length === 0 && <p>{t("searchNone", { text: asked })}</p>}
        {state.results && state.results.length > 0 && (
          <ul class="results" data-testid="search-results">
            {state.results.map((r) => (
              <li>
                <a href={hrefOf(r.node.id)}>{r.node.name || r.node.number || r.node.id}</a>{" "}
                <span class="muted">
                  {r.node.__typename}
                  {r.node.abbreviation ? ` · ${r.node.abbreviation}` : ""}
                  {r.matched !== r.node.name ? ` · “${r.matched}”` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

export default function Home({ lang }) {
  const t = useT();
  const state = useLoad(() => gql(HOME, { lang, first: 100 }), [lang]);
  useEffect(() => {
    document.title = `${t("overview")} — stratagraph`;
  }, [lang]);
  return (
    <>
      <h1>{t("overview")}</h1>
      <Search lang={lang} />
      <Loaded state={state}>
        {(data) => (
          <>
            <Section id="states" title={t("byState")}>
              <ul class="tiles" data-testid="state-tiles">
                {STATES.map((s) => (
                  <li class="tile" style={{ borderColor: STATE_COLOURS[s] }} data-state={s}>
                    <span class="tile-count">{data[COUNT_OF[s]].totalCount}</span>
                    <span class="tile-label">{t(`state.${s}`)}</span>
                  </li>
                ))}
              </ul>
            </Section>
            <Section id="plans" title={t("plans")}>
              <div class="table-scroll">
                <table data-testid="plans">
                  <thead>
                    <tr>
                      <th scope="col">{t("name")}</th>
                      <th scope="col">{t("kind")}</th>
                      <th scope="col">{t("status")}</th>
                      <th scope="col">{t("period")}</th>
                      <th scope="col" class="num">{t("taskCount")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.plans.edges.map(({ node }) => (
                      <tr>
                        <td>
                          <EntityLink entity={node} />
                        </td>
                        <td>{t(`kind.${node.kind}`)}</td>
                        <td>{t(`status.${node.status}`)}</td>
                        <td>
                          <Period start={node.start} end={node.end} />
                        </td>
                        <td class="num">{node.tasks.totalCount}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
            <Section id="overdue" title={t("overdueList")}>
              {data.overdue.edges.length === 0 ? (
                <p>{t("none")}</p>
              ) : (
                <div class="table-scroll">
                  <table data-testid="overdue">
                    <caption class="muted">
                      {t("overdueMore", { shown: data.overdue.edges.length, total: data.overdue.totalCount })}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("task")}</th>
                        <th scope="col">{t("lead")}</th>
                        <th scope="col">{t("deadline")}</th>
                        <th scope="col">{t("due")}</th>
                        <th scope="col">{t("plan")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.overdue.edges.map(({ node }) => (
                        <tr>
                          <td>
                            <EntityLink entity={node} /> <StateChip state="OVERDUE" />
                          </td>
                          <td>
                            <EntityLink entity={node.lead} />
                          </td>
                          <td>{node.deadline?.text}</td>
                          <td class="nowrap">{fmtDate(node.due)}</td>
                          <td>
                            <EntityLink entity={node.plan} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Section>
          </>
        )}
      </Loaded>
      <Section id="open-data" title={t("forDevelopers")}>
        <ul class="doors">
          <li>
            <a href="/graphql">{t("devPlayground")}</a>
          </li>
          <li>
            <a href="/sparql">{t("devSparql")}</a>
          </li>
          <li>
            <a href="/rdf?format=ttl">{t("devRdf")}</a>
          </li>
          <li>
            <a href="/.well-known/void">{t("devVoid")}</a>
          </li>
        </ul>
      </Section>
    </>
  );
}
