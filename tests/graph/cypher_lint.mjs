// Lints Cypher files with Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support,
// lintCypherQuery), against the labels, relationship types and property keys of the ontology.
// No server is needed: this is how the Neo4j store's statements are checked where none can run.
//
// usage: node cypher_lint.mjs WEB_DIR SCHEMA.json FILE.cypher...
//   WEB_DIR      holds node_modules/@neo4j-cypher/language-support
//   SCHEMA.json  { labels, relationshipTypes, propertyKeys, parameterSamples: { name: value } }
//   FILE.cypher  one statement; its "// params: a, b" (or "// params: -") line declares its
//                parameters, and only those are defined while it is linted
//
// Each file is linted as Cypher 5 and as Cypher 25. Prints JSON:
//   [{ file, declared, used, diagnostics: [{ cypher, severity, message, line, column }] }]
// and exits 1 when any file has a diagnostic or declares a parameter it does not use.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

const [webDir, schemaPath, ...files] = process.argv.slice(2);
if (!webDir || !schemaPath || files.length === 0) {
  console.error("usage: node cypher_lint.mjs WEB_DIR SCHEMA.json FILE.cypher...");
  process.exit(2);
}
const require = createRequire(join(resolve(webDir), "package.json"));
const { lintCypherQuery, parseParameters } = require("@neo4j-cypher/language-support");

const SEVERITY = { 1: "error", 2: "warning", 3: "information", 4: "hint" };
const VERSIONS = ["CYPHER 5", "CYPHER 25"];
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const samples = schema.parameterSamples ?? {};

function declaredParameters(text) {
  const lines = text.split("\n").filter((line) => /^\/\/\s*params:/.test(line));
  if (lines.length !== 1) return null;
  const names = lines[0].replace(/^\/\/\s*params:/, "").trim();
  return names === "-" ? [] : names.split(",").map((name) => name.trim());
}

let failed = false;
const report = files.map((file) => {
  const text = readFileSync(file, "utf8");
  const declared = declaredParameters(text);
  const used = parseParameters(text, false).sort();
  const diagnostics = [];
  if (declared === null) {
    diagnostics.push({ cypher: null, severity: "error", message: "needs one '// params: a, b' (or '// params: -') line", line: 1, column: 0 });
  }
  const parameters = Object.fromEntries((declared ?? []).map((name) => [name, samples[name] ?? ""]));
  for (const version of VERSIONS) {
    const dbSchema = {
      labels: schema.labels,
      relationshipTypes: schema.relationshipTypes,
      propertyKeys: schema.propertyKeys,
      parameters,
      defaultLanguage: version,
    };
    for (const d of lintCypherQuery(text, dbSchema).diagnostics) {
      diagnostics.push({
        cypher: version,
        severity: SEVERITY[d.severity] ?? String(d.severity),
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character,
      });
    }
  }
  for (const name of declared ?? []) {
    if (!used.includes(name)) {
      diagnostics.push({ cypher: null, severity: "error", message: `Parameter $${name} is declared but not used.`, line: 1, column: 0 });
    }
  }
  failed ||= diagnostics.length > 0;
  return { file, declared, used, diagnostics };
});
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
process.exit(failed ? 1 : 0);
