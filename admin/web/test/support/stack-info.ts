import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackOutputs } from "../../../../infra/deploy/stack-outputs.ts";

export const WEB_DIR = join(import.meta.dirname, "..", "..");
/** Written by console-stack.ts once everything answers; removed when it stops (.darkroom is git-ignored). */
export const STACK_FILE = join(WEB_DIR, "..", "..", ".darkroom", "console-stack.json");

/** What the browser tests need to reach the stack directly (seeding, checks beside the UI). */
export interface StackInfo {
  consoleUrl: string;
  apiUrl: string;
  token: string;
  emulatorUrl: string;
  outputs: StackOutputs;
}

/** The console's port in the tests: not Vite's 5173, so a developer's dev server can keep running. */
export function webPort(): number {
  return Number(process.env.DARKROOM_TEST_WEB_PORT ?? 4174);
}

export function readStackInfo(): StackInfo {
  return JSON.parse(readFileSync(STACK_FILE, "utf8")) as StackInfo;
}
