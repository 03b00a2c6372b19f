// The planners' pages (src/pages.jsx) and the playground's fonts (src/playground.css), built into dist/
// with a manifest that stratagraph/http/pages.py reads to name the hashed files. Everything the pages load
// comes from this build: no CDN, no font service.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/static/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    manifest: true,
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rollupOptions: { input: { pages: "src/pages.jsx", playground: "src/playground.css" } },
  },
});
