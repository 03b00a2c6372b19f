// An address that names no plan, agency or task (the service answered 404).
import { useT } from "../lib/i18n.js";

export default function Missing() {
  const t = useT();
  return (
    <>
      <h1>{t("notFound")}</h1>
      <p>
        <a href="/">{t("home")}</a>
      </p>
    </>
  );
}
