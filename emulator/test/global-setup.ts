import type { TestProject } from "vitest/node";
import { type EmulatorProcess, spawnEmulator } from "./support/emulator-process.ts";

let emulator: EmulatorProcess | undefined;

/** One emulator process, in memory, shared by the test files; each test uses its own buckets and names. */
export async function setup(project: TestProject): Promise<void> {
  emulator = await spawnEmulator({ DARKROOM_PERSIST: "0" });
  project.provide("emulatorUrl", emulator.url);
}

export async function teardown(): Promise<void> {
  await emulator?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    emulatorUrl: string;
  }
}
