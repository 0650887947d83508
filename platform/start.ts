import { dirname, join } from "node:path";
import { configFromEnv, resolveStateDir } from "../emulator/src/config.ts";
import { deploy } from "../infra/deploy/deploy.ts";
import { type DeployReporter, formatDuration } from "../infra/deploy/deploy-report.ts";
import { noteNodeVersion } from "../infra/deploy/node-version-note.ts";
import type { StackOutputs } from "../infra/deploy/stack-outputs.ts";
import { type AdminPlan, type EmbeddedAdmin, planAdmin, startAdmin } from "./admin-backend.ts";
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
}

function printReady(ms: number, { emulatorUrl, outputs, logFile, admin }: Ready): void {
  const adminApi = admin ? ` ${admin.url}/api` : "";
  console.log(`Darkroom ready in ${formatDuration(ms)}: ${emulatorUrl} ${outputs.api_url}${adminApi}`);
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
let stopping = false;

/** Stops what was started, the backend before the emulator it calls (which flushes its state on SIGTERM), then exits. */
function stopAndExit(exitCode: number, why?: string): void {
  if (stopping) return;
  stopping = true;
  if (why) console.log(`\nstopping (${why})`);
  const stopAdmin = (admin?.stop() ?? Promise.resolve()).catch((error: unknown) => {
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
  // Both ports before anything starts: a taken one fails in a second, not after the deploy.
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
  // The admin console (admin/web) joins here once it exists.
  printReady(performance.now() - started, {
    emulatorUrl: emulator.url,
    outputs: result.outputs,
    logFile,
    admin: adminReady,
  });
}

main().catch((error: unknown) => {
  console.error(`darkroom: ${error instanceof Error ? error.message : String(error)}`);
  stopAndExit(1);
});
