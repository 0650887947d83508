import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";

let emulator: EmulatorProcess | undefined;
let runTempDir: string | undefined;

/** One emulator process, in memory, shared by the test files; each test uses its own buckets and names. */
export async function setup(project: TestProject): Promise<void> {
  // Every temporary file of the run (test folders, terraform's, emulators' and Lambda
  // environments') goes under one folder that the teardown removes, so a test that forgets to
  // clean up or a SIGKILLed process leaves nothing in the OS temp dir. The test workers and every
  // process they start inherit TMPDIR.
  runTempDir = await mkdtemp(join(tmpdir(), "darkroom-test-run-"));
  process.env.TMPDIR = runTempDir;
  emulator = await spawnEmulator({ DARKROOM_PERSIST: "0" });
  project.provide("emulatorUrl", emulator.url);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
  if (runTempDir) await rm(runTempDir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}
