// The pages' only data source: the service's public GraphQL API, asked as any client would.

export class ApiError extends Error {}

export async function gql(query, variables = {}) {
  if (typeof variables.lang === "string") variables = { ...variables, lang: variables.lang.toUpperCase() };
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/graphql-response+json, application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`);
  }
  if (body.errors && body.errors.length) throw new ApiError(body.errors.map((e) => e.message).join("; "));
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`);
  return body.data;
}

// Every edge of a connection, page after page (`pick` finds the connection in an answer), up to `cap` nodes:
// { nodes, total } (total: the connection's totalCount, more than nodes.length when the cap cut it).
export async function allNodes(query, variables, pick, cap = 2000) {
  const nodes = [];
  let after = null;
  for (;;) {
    const connection = pick(await gql(query, { ...variables, after }));
    if (!connection) return { nodes, total: 0 };
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage || nodes.length >= cap) return { nodes, total: connection.totalCount };
    after = connection.pageInfo.endCursor;
  }
}
