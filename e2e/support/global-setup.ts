import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../platform/ports.ts";
import { RUN_FILE_VARIABLE, readRun, startPlatform, stopPlatform, writeRun } from "./platform.ts";

/** Where the platform's logs are copied after the run, beside Playwright's own artifacts. */
const LOGS_COPY = join(import.meta.dirname, "..", "test-results", "platform-logs");

/**
 * Starts the platform as the README does (`npm start`) on free ports and a fresh state folder,
 * once for the whole suite; the journeys that restart it record the new start in the run file.
 * Returns the teardown: Ctrl-C to whatever start is current, its logs kept, the folder removed.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const workDir = mkdtempSync(join(tmpdir(), "darkroom-e2e-"));
  const env = {
    DARKROOM_PORT: String(await freePort()),
    DARKROOM_API_PORT: String(await freePort()),
    DARKROOM_WEB_PORT: String(await freePort()),
    DARKROOM_STATE_DIR: join(workDir, "state"),
    CDKTF_OUTDIR: join(workDir, "cdktf.out"),
    // The alarms of the default stack evaluate over 300 s periods every minute: a failed upload
    // would put one in ALARM minutes later. As the console's test stack does, periods of 10 s
    // (infra's DARKROOM_ALARM_PERIOD_SECONDS) evaluated every second (the emulator's
    // DARKROOM_ALARM_INTERVAL), and the backend's watch jobs polling every second.
    DARKROOM_ALARM_PERIOD_SECONDS: "10",
    DARKROOM_ALARM_INTERVAL: "1",
    DARKROOM_ALARM_POLL_MS: "1000",
    DARKROOM_ALERT_POLL_MS: "1000",
    // An image the emulator was killed in the middle of stays PROCESSING (its redelivery finds
    // the claim fresh); the backend's stuck-image job re-invokes it after DARKROOM_STUCK_AFTER_MS
    // (its minimum, 1 min, instead of 5) and looks every 5 s instead of every minute.
    DARKROOM_STUCK_AFTER_MS: "60000",
    DARKROOM_RECONCILE_MS: "5000",
  };
  const logFile = join(workDir, "npm-start.log");
  const runFile = join(workDir, "run.json");
  process.env[RUN_FILE_VARIABLE] = runFile;
  try {
    // A fresh start builds the Lambdas, deploys ~50 resources and builds the console: 2 min on 2 busy cores.
    const started = await startPlatform({ env, logFile, timeoutMs: 420_000 });
    writeRun(runFile, { workDir, logFile, env, ...started, starts: 1 });
  } catch (error) {
    keepLogs(workDir);
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }

  return async () => {
    try {
      await stopPlatform(readRun().pid);
    } finally {
      keepLogs(workDir);
      rmSync(workDir, { recursive: true, force: true });
    }
  };
}

/** npm start's output and the emulator's and backend's logs, kept for a failed run's reader. */
function keepLogs(workDir: string): void {
  mkdirSync(LOGS_COPY, { recursive: true });
  for (const file of ["npm-start.log", "logs"]) {
    const from = join(workDir, file);
    if (existsSync(from)) cpSync(from, join(LOGS_COPY, file), { recursive: true });
  }
}
