// A layered drawing of a directed graph (dagre's Sugiyama layout) as SVG with a real link per node, so it
// is keyboard-usable, read by screen readers, crisp in print, and needs no canvas.
import { layout, graphlib } from "@dagrejs/dagre";

const CHAR = 6.6; // average width of a 12 px character
const LINE = 15;

function wrap(text, width, lines) {
  const words = String(text).split(/\s+/);
  const out = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > width && line) {
      out.push(line);
      line = word;
      if (out.length === lines) break;
    } else line = next;
  }
  if (out.length < lines && line) out.push(line);
  const used = out.join(" ").length;
  if (used < String(text).length && out.length) out[out.length - 1] = `${out[out.length - 1].replace(/[\s,.;:]+$/, "")}…`;
  return out;
}

function path(points) {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join("");
}

// nodes: [{id, label, sub?, title?, href, classes?}], edges: [{from, to, classes?}]. A node's accessible name is
// its title (which must start with its visible text), so names are wrapped, not cut.
export function LayeredGraph({ nodes, edges, direction = "LR", label, wrapAt = 26, lines = 12, testId }) {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: direction, nodesep: 18, ranksep: direction === "LR" ? 46 : 40, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    const text = wrap(node.label, wrapAt, lines);
    const sub = node.sub ? [node.sub] : [];
    const width = Math.max(...[...text, ...sub].map((l) => l.length), 6) * CHAR + 20;
    g.setNode(node.id, { width, height: (text.length + sub.length) * LINE + 14, text, sub, node });
  }
  edges.forEach((edge, i) => {
    if (g.hasNode(edge.from) && g.hasNode(edge.to)) g.setEdge(edge.from, edge.to, { edge }, `e${i}`);
  });
  layout(g);
  const { width = 0, height = 0 } = g.graph();
  return (
    <div class="graph-scroll">
      <svg
        class="layered-graph"
        data-testid={testId}
        width={Math.ceil(width)}
        height={Math.ceil(height)}
        viewBox={`0 0 ${Math.ceil(width)} ${Math.ceil(height)}`}
        role="group"
        aria-label={label}
      >
        <defs>
          <marker id={`${testId}-arrow`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" fill="#555" />
          </marker>
        </defs>
        {g.edges().map((e) => {
          const { points, edge } = g.edge(e);
          return (
            <path
              class={`edge ${edge.classes || ""}`}
              d={path(points)}
              marker-end={`url(#${testId}-arrow)`}
              data-from={edge.from}
              data-to={edge.to}
              aria-hidden="true"
            />
          );
        })}
        {g.nodes().map((id) => {
          const { x, y, width: w, height: h, text, sub, node } = g.node(id);
          const left = x - w / 2;
          const top = y - h / 2;
          const body = (
            <>
              <title>{node.title || [node.label, node.sub].filter(Boolean).join(" ")}</title>
              <rect x={left} y={top} width={w} height={h} rx="6" />
              {[...text, ...sub].map((line, i) => (
                <text x={x} y={top + 7 + LINE * (i + 0.8)} text-anchor="middle" class={i >= text.length ? "sub" : ""}>
                  {line}
                </text>
              ))}
            </>
          );
          return node.href ? (
            <a href={node.href} class={`node ${node.classes || ""}`} data-id={id}>
              {body}
            </a>
          ) : (
            <g class={`node ${node.classes || ""}`} data-id={id}>
              {body}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
