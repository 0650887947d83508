import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

/** A fresh folder under the OS's temp dir, removed when the current test or hook's file ends. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `darkroom-${prefix}-`));
}

/** Removes `dir` when the test that calls this finishes. */
export function removeAfterTest(dir: string): void {
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
}
