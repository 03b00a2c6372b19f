// Where an entity is shown: its visual page when it has one, else its entity page (/id/...).

const VISUAL = { plan: "/plans/", agency: "/agencies/", task: "/tasks/" };

export function hrefOf(id) {
  const slash = id.indexOf("/");
  const kind = id.slice(0, slash);
  const key = id.slice(slash + 1);
  return VISUAL[kind] ? `${VISUAL[kind]}${encodeURIComponent(key)}` : `/id/${id}`;
}

export function keyOf(id) {
  return id.slice(id.indexOf("/") + 1);
}

