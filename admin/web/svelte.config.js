import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/**
 * A single-page app: every route renders in the browser (ssr is off in +layout.ts), and
 * adapter-static writes build/ with index.html as the fallback for any path, so the admin
 * backend or any static host can serve it.
 * @type {import("@sveltejs/kit").Config}
 */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", precompress: false }),
  },
};

export default config;
