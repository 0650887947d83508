import { configFromEnv, resolveStateDir } from "./config.ts";
import { startEmulator } from "./index.ts";

/** `npm run emulator`: runs in the foreground until Ctrl-C. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = configFromEnv();
  config.stateDir = resolveStateDir(config.stateDir);
  const emulator = await startEmulator(config);
  const state = config.persist ? `state in ${config.stateDir}` : "state in memory only";
  process.stdout.write(
    `Darkroom emulator ready on ${emulator.url} in ${Math.round(performance.now() - started)} ms ` +
      `(${state}, auth ${config.auth}; services: ${emulator.services.join(", ")})\n`,
  );
  // A machine-readable line for scripts and tests that start us on port 0.
  process.stdout.write(`DARKROOM_READY ${emulator.url}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Darkroom emulator stopping (${signal})\n`);
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`darkroom: error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`darkroom: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
