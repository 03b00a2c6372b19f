// Runs graphql-http's GraphQL over HTTP audit suite against a server and prints
// the results as JSON: [{ id, name, status, reason }], status "ok" | "notice" | "warn" | "error".
//
// usage: node audit.mjs URL WEB_DIR   (WEB_DIR holds node_modules/graphql-http)
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const [url, webDir] = process.argv.slice(2);
if (!url || !webDir) {
  console.error("usage: node audit.mjs URL WEB_DIR");
  process.exit(2);
}
const require = createRequire(join(resolve(webDir), "package.json"));
const { auditServer } = require("graphql-http");

const results = await auditServer({ url });
const report = results.map((result) => ({
  id: result.id,
  name: result.name,
  status: result.status,
  reason: result.status === "ok" ? null : result.reason,
  httpStatus: result.status === "ok" ? null : result.response?.status ?? null,
}));
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
