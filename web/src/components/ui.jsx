import { useState } from "preact/hooks";
import { fmtDate, parseDate } from "../lib/dates.js";
import { useT } from "../lib/i18n.js";
import { hrefOf } from "../lib/links.js";
import { STATE_COLOURS } from "../lib/states.js";

export function StateChip({ state }) {
  const t = useT();
  return (
    <span class="chip" data-state={state} style={{ background: STATE_COLOURS[state] }}>
      {t(`state.${state}`)}
    </span>
  );
}

export function EntityLink({ entity, fallback }) {
  if (!entity) return <span class="muted">{fallback ?? "—"}</span>;
  return <a href={hrefOf(entity.id)}>{entity.name || entity.number || entity.id}</a>;
}

// What a loading hook holds: the children once there is data, else a note saying what is going on.
export function Loaded({ state, children }) {
  const t = useT();
  if (state.error) return <p class="error" role="alert">{t("error", { message: state.error.message })}</p>;
  if (!state.data) return <p class="muted" aria-busy="true">{t("loading")}</p>;
  return children(state.data);
}

export function Section({ id, title, children, note }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="card">
      <h2 id={`${id}-title`}>{title}</h2>
      {note && <p class="muted note">{note}</p>}
      {children}
    </section>
  );
}

// A day typed as dd/mm/yyyy (how Vietnamese readers write dates), with quick picks; `onChange` gets ISO.
export function DateControl({ id, value, onChange, quick = [] }) {
  const t = useT();
  const [text, setText] = useState(fmtDate(value));
  const [bad, setBad] = useState(false);
  const submit = (event) => {
    event.preventDefault();
    const iso = parseDate(text);
    setBad(!iso);
    if (iso) onChange(iso);
  };
  const pick = (iso) => {
    setText(fmtDate(iso));
    setBad(false);
    onChange(iso);
  };
  return (
    <form class="date-control" onSubmit={submit}>
      <label for={id}>{t("asOf")}</label>
      <input
        id={id}
        name="asOf"
        value={text}
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        autoComplete="off"
        aria-invalid={bad ? "true" : "false"}
        aria-describedby={bad ? `${id}-error` : undefined}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit">{t("apply")}</button>
      {quick.length > 0 && (
        <span class="quick">
          <span class="muted">{t("changes")}</span>
          {quick.map((iso) => (
            <button type="button" class="link-button" aria-pressed={iso === value ? "true" : "false"} onClick={() => pick(iso)}>
              {fmtDate(iso)}
            </button>
          ))}
        </span>
      )}
      {bad && (
        <p id={`${id}-error`} class="error" role="alert">
          {t("badDate")}
        </p>
      )}
    </form>
  );
}

export function Period({ start, end }) {
  if (!start && !end) return <span class="muted">—</span>;
  return (
    <span>
      {fmtDate(start) || "…"} – {fmtDate(end) || "…"}
    </span>
  );
}

// The ?asOf= of the address (shareable), today when absent.
export function useAsOf(today) {
  const initial = parseDate(new URLSearchParams(location.search).get("asOf") || "") || today;
  const [asOf, setAsOf] = useState(initial);
  const change = (iso) => {
    const url = new URL(location.href);
    url.searchParams.set("asOf", iso);
    history.replaceState(null, "", url);
    setAsOf(iso);
  };
  return [asOf, change];
}
