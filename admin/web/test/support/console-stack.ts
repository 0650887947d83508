/**
 * The whole console stack for the browser tests, in one process: the emulator (in memory), the
 * local stack deployed by the real terraform binary, the admin backend, and the console's
 * production build (adapter-static) served as a static host would, /api passed to the backend. Playwright starts
 * it as its webServer and stops it (SIGTERM) after the run; the tests read `stack.json`.
 *
 *   node --import tsx admin/web/test/support/console-stack.ts    (from the repository root)
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "../../../../emulator/src/index.ts";
import { deploy } from "../../../../infra/deploy/deploy.ts";
import { serveStaticConsole } from "../../../../platform/console-server.ts";
import { startAdminServer } from "../../../server/src/server.ts";
import { type StackInfo, stackFile, WEB_DIR, webPort } from "./stack-info.ts";

const silent = { step: () => {}, info: () => {}, resource: () => {} };

async function main(): Promise<void> {
  const port = webPort();
  const consoleOrigins = `http://127.0.0.1:${port},http://localhost:${port}`;
  // The build under test is the current source (first: a broken build fails before the deploy).
  execFileSync(
    process.execPath,
    [join(WEB_DIR, "..", "..", "node_modules", "vite", "bin", "vite.js"), "build"],
    {
      cwd: WEB_DIR,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const work = await mkdtemp(join(tmpdir(), "darkroom-console-"));
  // However the process ends (a stop, a failed deploy), its folders go with it.
  process.on("exit", () => {
    rmSync(work, { recursive: true, force: true });
    rmSync(stackFile(), { force: true });
  });
  // Alarms evaluated every second over 10-second periods: a failed upload moves one within seconds.
  const emulator = await startEmulator({ port: 0, persist: false, alarmIntervalSeconds: 1 });
  const env = {
    ...process.env,
    DARKROOM_PORT: String(emulator.port),
    DARKROOM_STATE_DIR: join(work, "state"),
    CDKTF_OUTDIR: join(work, "cdktf.out"),
    // The buckets' CORS and the backend's both admit the console's test origin.
    DARKROOM_CONSOLE_ORIGINS: consoleOrigins,
    DARKROOM_ALARM_PERIOD_SECONDS: "10",
    // Not the 5 MiB default: the refusal test then shows the console reads the stack's own limit.
    DARKROOM_MAX_UPLOAD_BYTES: String(4 * 1024 * 1024),
  };
  const { outputs } = await deploy({ target: "local", env, reporter: silent });
  const token = randomBytes(32).toString("hex");
  const backend = await startAdminServer({
    // Alarm and alert changes reach the stream within a second.
    env: {
      ...env,
      DARKROOM_ADMIN_TOKEN: token,
      DARKROOM_API_PORT: "0",
      DARKROOM_ALARM_POLL_MS: "1000",
      DARKROOM_ALERT_POLL_MS: "1000",
    },
    outputs,
    // Quiet, but errors go to stderr. It resolves once the alarm and alert jobs took their
    // baseline, so every change from then on is streamed.
    logger: {
      log: () => {},
      warn: () => {},
      error: (m: unknown) => console.error("admin backend:", JSON.stringify(m)),
    },
    shutdownHooks: false,
  });

  const server = await serveStaticConsole({
    buildDir: join(WEB_DIR, "build"),
    apiOrigin: backend.url,
    host: "127.0.0.1",
    port,
  });

  const info: StackInfo = {
    consoleUrl: `http://127.0.0.1:${port}`,
    apiUrl: backend.url,
    token,
    emulatorUrl: emulator.url,
    outputs,
  };
  await mkdir(dirname(stackFile()), { recursive: true });
  await writeFile(stackFile(), JSON.stringify(info, null, 2));
  console.log(`console stack ready: ${info.consoleUrl} (backend ${backend.url}, emulator ${emulator.url})`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // The folders go whatever happens; a stop that hangs is cut short (Playwright waits 30 s).
    const hung = setTimeout(() => process.exit(0), 20_000);
    try {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await backend.stop().catch(() => {});
      await emulator.stop().catch(() => {});
    } finally {
      clearTimeout(hung);
      process.exit(0);
    }
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
