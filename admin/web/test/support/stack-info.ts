import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { StackOutputs } from "../../../../infra/deploy/stack-outputs.ts";

export const WEB_DIR = join(import.meta.dirname, "..", "..");
/**
 * Written by console-stack.ts once everything answers; removed when it stops (.darkroom is
 * git-ignored). Named by the run's port, so two runs from one checkout keep their own.
 */
export function stackFile(): string {
  return join(WEB_DIR, "..", "..", ".darkroom", `console-stack-${webPort()}.json`);
}

/** What the browser tests need to reach the stack directly (seeding, checks beside the UI). */
export interface StackInfo {
  consoleUrl: string;
  apiUrl: string;
  token: string;
  emulatorUrl: string;
  outputs: StackOutputs;
}

/** The console's port in the tests: a free one playwright.config.ts chose, or 4174 when the stack is run by hand. */
export function webPort(): number {
  return Number(process.env.DARKROOM_TEST_WEB_PORT ?? 4174);
}

export function readStackInfo(): StackInfo {
  return JSON.parse(readFileSync(stackFile(), "utf8")) as StackInfo;
}
