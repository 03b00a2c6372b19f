// Dates as Vietnamese readers write them (dd/mm/yyyy), and ISO dates (yyyy-mm-dd) for the API.

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const VI = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/;

export function fmtDate(iso) {
  if (!iso) return "";
  const m = ISO.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

// "15/12/2025" (or an ISO date) -> "2025-12-15"; null when it is no real day.
export function parseDate(text) {
  const trimmed = (text || "").trim();
  let y, mo, d;
  let m = VI.exec(trimmed);
  if (m) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = ISO.exec(trimmed))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return null;
  return toIso(day);
}

export function toIso(day) {
  return day.toISOString().slice(0, 10);
}

export function todayIso() {
  const now = new Date();
  return toIso(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
}

export function utc(iso) {
  return iso ? new Date(`${iso}T00:00:00Z`) : null;
}

export function addDays(day, days) {
  return new Date(day.getTime() + days * 86400000);
}
