import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { configFromEnv, resolveStateDir } from "../emulator/src/config.ts";
import { deploy } from "../infra/deploy/deploy.ts";
import { type DeployReporter, formatDuration } from "../infra/deploy/deploy-report.ts";
import { noteNodeVersion } from "../infra/deploy/node-version-note.ts";
import type { StackOutputs } from "../infra/deploy/stack-outputs.ts";
import { type AdminPlan, type EmbeddedAdmin, planAdmin, startAdmin } from "./admin-backend.ts";
import { CONSOLE_BUILD_DIR, ensureConsoleBuild } from "./console-build.ts";
import { serveStaticConsole } from "./console-server.ts";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.ts";
import { assertPortFree } from "./ports.ts";

/** One line per step with its duration, as the issue asks of `npm start`. */
function stepLine(what: string, ms: number): void {
  console.log(`✓ ${what} (${formatDuration(ms)})`);
}

/** Long applies show progress every few resources instead of 25 lines. */
function startReporter(): DeployReporter {
  let lastShown = 0;
  return {
    step: stepLine,
    info: (line) => console.log(`  ${line}`),
    resource: (done, total) => {
      const now = performance.now();
      if (done === total || now - lastShown > 5000) {
        lastShown = now;
        console.log(`  … ${done}/${total} resources`);
      }
    },
  };
}

/** The function URL in the emulator's path form, for clients that cannot resolve *.localhost. */
function pathFormUrl(functionUrl: string, emulatorUrl: string): string {
  const id = new URL(functionUrl).hostname.split(".")[0];
  return `${emulatorUrl}/_lambda-url/${id}/`;
}

/** How the admin line names the token: itself when generated, never a value the user set. */
function tokenNote(plan: AdminPlan): string {
  if (plan.token.source === "DARKROOM_ADMIN_TOKEN") return "token from DARKROOM_ADMIN_TOKEN";
  return `token ${plan.token.token}, kept in ${plan.token.file}`;
}

interface Ready {
  emulatorUrl: string;
  outputs: StackOutputs;
  logFile: string;
  admin: { url: string; plan: AdminPlan; logFile: string } | undefined;
  consoleUrl: string | undefined;
}

function printReady(ms: number, { emulatorUrl, outputs, logFile, admin, consoleUrl }: Ready): void {
  const adminApi = admin ? ` ${admin.url}/api` : "";
  const site = consoleUrl ? ` ${consoleUrl}` : "";
  console.log(`Darkroom ready in ${formatDuration(ms)}: ${emulatorUrl} ${outputs.api_url}${adminApi}${site}`);
  if (consoleUrl) console.log(`  console    ${consoleUrl}  (open it: on this machine it signs in by itself)`);
  console.log(
    `  emulator   ${emulatorUrl}  (AWS_ENDPOINT_URL=${emulatorUrl}, keys test/test, log ${logFile})`,
  );
  console.log(`  API        ${outputs.api_url}`);
  console.log(`             ${pathFormUrl(outputs.api_url, emulatorUrl)}  (the same, for curl)`);
  if (admin) {
    console.log(`  admin API  ${admin.url}/api  (${tokenNote(admin.plan)})`);
    console.log(`             ${admin.url}/api/docs  (OpenAPI; log ${admin.logFile})`);
  }
  console.log(
    `  buckets    ${outputs.uploads_bucket}, ${outputs.media_bucket}; table ${outputs.images_table}`,
  );
  console.log("  Ctrl-C stops everything; state stays for the next start.");
}

/**
 * `npm start`: the emulator (persistent), the `local` stack deployed onto it (Terraform is
 * skipped when nothing changed), the admin backend in this process, then one ready line with
 * the URLs. Ctrl-C stops it all.
 */
let emulator: EmulatorProcess | undefined;
let admin: EmbeddedAdmin | undefined;
let site: Server | undefined;
let stopping = false;

/** Stops serving the console: open pages (an SSE stream among them) are cut. */
function stopSite(): Promise<void> {
  if (!site) return Promise.resolve();
  const server = site;
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Stops what was started, the backend before the emulator it calls (which flushes its state on SIGTERM), then exits. */
function stopAndExit(exitCode: number, why?: string): void {
  if (stopping) return;
  stopping = true;
  if (why) console.log(`\nstopping (${why})`);
  const stopAdmin = stopSite()
    .then(() => admin?.stop())
    .catch((error: unknown) => {
      console.error(`darkroom: the admin backend did not stop cleanly: ${String(error)}`);
    });
  void stopAdmin
    .then(() => emulator?.stop())
    .then(() => {
      if (why) console.log("Darkroom stopped");
      process.exit(exitCode);
    });
}

async function main(): Promise<void> {
  const started = performance.now();
  noteNodeVersion((line) => console.log(`  ${line}`));
  const emulatorConfig = configFromEnv(process.env);
  const stateDir = resolveStateDir(emulatorConfig.stateDir);
  const logFile = join(dirname(stateDir), "logs", "emulator.log");
  const adminLogFile = join(dirname(stateDir), "logs", "admin.log");
  process.on("SIGINT", () => stopAndExit(130, "SIGINT"));
  process.on("SIGTERM", () => stopAndExit(143, "SIGTERM"));

  const adminPlan = planAdmin(process.env, stateDir);
  // Every port before anything starts: a taken one fails in a second, not after the deploy.
  if (adminPlan?.console) {
    await assertPortFree({
      ...adminPlan.console,
      setting: "DARKROOM_WEB_PORT",
      what: "the console (DARKROOM_CONSOLE=false leaves it to npm run console)",
    });
  }
  if (adminPlan && adminPlan.settings.port !== 0) {
    await assertPortFree({
      port: adminPlan.settings.port,
      host: adminPlan.settings.host,
      setting: "DARKROOM_API_PORT",
      what: "the admin backend",
    });
  }
  await assertPortFree({
    port: emulatorConfig.port,
    host: emulatorConfig.host,
    setting: "DARKROOM_PORT",
    what: "the emulator",
  });
  let t = performance.now();
  emulator = await startEmulatorProcess({ env: { ...process.env, DARKROOM_STATE_DIR: stateDir }, logFile });
  stepLine(`emulator on ${emulator.url}, state in ${stateDir}`, performance.now() - t);
  emulator.child.once("exit", (code, signal) => {
    if (stopping) return;
    console.error(
      `darkroom: the emulator stopped unexpectedly (${signal ?? `exit code ${code}`}); see ${logFile}`,
    );
    process.exit(1);
  });

  // The console builds (when its source changed) while the stack deploys.
  const build = adminPlan?.console ? settle(ensureConsoleBuild()) : undefined;
  t = performance.now();
  const result = await deploy({ target: "local", reuseUnchanged: true, reporter: startReporter() });
  stepLine("deployed the local stack", performance.now() - t);
  let adminReady: Ready["admin"];
  if (adminPlan) {
    t = performance.now();
    admin = await startAdmin(adminPlan, result.outputs, adminLogFile);
    adminReady = { url: admin.server.url, plan: adminPlan, logFile: adminLogFile };
    stepLine(`admin API on ${admin.server.url}/api`, performance.now() - t);
  }
  let consoleUrl: string | undefined;
  if (admin && adminPlan?.console && build) {
    const built = await build();
    stepLine(built.what, built.ms);
    site = await serveStaticConsole({
      buildDir: CONSOLE_BUILD_DIR,
      apiOrigin: admin.server.url,
      ...adminPlan.console,
    });
    consoleUrl = `http://${adminPlan.console.host}:${adminPlan.console.port}/`;
  }
  printReady(performance.now() - started, {
    emulatorUrl: emulator.url,
    outputs: result.outputs,
    logFile,
    admin: adminReady,
    consoleUrl,
  });
}

/** A promise whose failure waits until it is asked for, instead of being unhandled meanwhile. */
function settle<T>(promise: Promise<T>): () => Promise<T> {
  const outcome = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const result = await outcome;
    if (result.ok) return result.value;
    throw result.error;
  };
}

main().catch((error: unknown) => {
  console.error(`darkroom: ${error instanceof Error ? error.message : String(error)}`);
  stopAndExit(1);
});
