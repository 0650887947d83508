import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

/** The same defaults as the backend's settings (admin/server/src/settings/admin-settings.ts). */
const webPort = Number(process.env.DARKROOM_WEB_PORT ?? 5173);
const apiOrigin = `http://127.0.0.1:${process.env.DARKROOM_API_PORT ?? 4080}`;

/**
 * /api goes to the admin backend, so the console has one origin in development as it has when
 * the backend serves the build. Vite refuses Host headers other than localhost (its DNS-rebinding
 * guard) before proxying; changeOrigin makes the backend see its own Host.
 */
const proxy = { "/api": { target: apiOrigin, changeOrigin: true } };

export default defineConfig({
  plugins: [sveltekit()],
  server: { host: "127.0.0.1", port: webPort, strictPort: true, proxy },
  preview: { host: "127.0.0.1", port: webPort, strictPort: true, proxy },
});
