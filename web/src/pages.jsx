// The planners' pages. The service sends one shell per page (stratagraph/http/pages.py) naming the page and
// the entity in <body data-page data-key>; this script draws it from the public GraphQL API.
import "@fontsource/be-vietnam-pro/latin-400.css";
import "@fontsource/be-vietnam-pro/latin-ext-400.css";
import "@fontsource/be-vietnam-pro/vietnamese-400.css";
import "@fontsource/be-vietnam-pro/latin-600.css";
import "@fontsource/be-vietnam-pro/latin-ext-600.css";
import "@fontsource/be-vietnam-pro/vietnamese-600.css";
import "./style.css";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { initialLang, LangContext, remember, useT } from "./lib/i18n.js";

const VIEWS = {
  home: () => import("./views/home.jsx"),
  plan: () => import("./views/plan.jsx"),
  report: () => import("./views/report.jsx"),
  agency: () => import("./views/agency.jsx"),
  task: () => import("./views/task.jsx"),
  missing: () => import("./views/missing.jsx"),
};

function Header({ lang, setLang }) {
  const t = useT();
  const other = lang === "vi" ? "en" : "vi";
  return (
    <header class="site-header">
      <a class="skip" href="#main">
        {t("skip")}
      </a>
      <div class="brand">
        <a href="/" class="brand-name">
          {t("site")}
        </a>
        <span class="tagline">{t("tagline")}</span>
      </div>
      <nav aria-label={t("nav")}>
        <a href="/">{t("home")}</a>
        <a href="/graphql">{t("playground")}</a>
        <a href="/sparql">{t("sparql")}</a>
        <button type="button" class="lang" lang={other} aria-label={t("switchLangLabel")} onClick={() => setLang(other)}>
          {t("switchLang")}
        </button>
      </nav>
    </header>
  );
}

function App({ page, entityKey }) {
  const [lang, setLangState] = useState(initialLang);
  const [View, setView] = useState(null);
  useEffect(() => {
    (VIEWS[page] || VIEWS.home)().then((module) => setView(() => module.default));
  }, [page]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = (next) => {
    remember(next);
    const url = new URL(location.href);
    if (url.searchParams.has("lang")) {
      url.searchParams.set("lang", next);
      history.replaceState(null, "", url);
    }
    setLangState(next);
  };
  return (
    <LangContext.Provider value={lang}>
      <Header lang={lang} setLang={setLang} />
      <main id="main" tabIndex={-1}>
        {View ? <View entityKey={entityKey} lang={lang} /> : null}
      </main>
    </LangContext.Provider>
  );
}

const root = document.getElementById("app");
render(<App page={document.body.dataset.page} entityKey={document.body.dataset.key} />, root);
