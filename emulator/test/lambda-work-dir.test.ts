import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeWorkDir, removeOrphanedWorkDirs } from "../src/services/lambda/runtime/work-dir.ts";

let base: string;
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** The pid of a process that has exited: spawnSync waits for it. */
function exitedPid(): number {
  const pid = spawnSync(process.execPath, [
    "-e",
    "process.stdout.write(String(process.pid))",
  ]).stdout.toString();
  return Number(pid);
}

function dirs(...names: string[]): void {
  for (const name of names) mkdirSync(join(base, name, "env-1", "tmp"), { recursive: true });
}

describe("the Lambda runtime's work directory", () => {
  it("is named after this process and made after removing those of emulators that exited", async () => {
    base = mkdtempSync(join(tmpdir(), "darkroom-work-dir-test-"));
    const dead = exitedPid();
    dirs(`darkroom-lambda-${dead}-AbC123`, `darkroom-lambda-${process.ppid}-XyZ789`);
    const made = await makeWorkDir(base);
    expect(made).toMatch(new RegExp(`/darkroom-lambda-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(readdirSync(base).sort()).toEqual(
      [`darkroom-lambda-${process.ppid}-XyZ789`, made.split("/").pop()!].sort(),
    );
  });

  it("leaves what it did not make: the code cache, older unnamed directories, other files", async () => {
    base = mkdtempSync(join(tmpdir(), "darkroom-work-dir-test-"));
    dirs(
      "darkroom-lambda-code",
      "darkroom-lambda-q1Cszg",
      "darkroom-lambda-123-toolong1",
      "unrelated-42-AbC123",
    );
    expect(await removeOrphanedWorkDirs(base, () => false)).toEqual([]);
    expect(readdirSync(base)).toHaveLength(4);
  });

  it("never removes this process's own directory", async () => {
    base = mkdtempSync(join(tmpdir(), "darkroom-work-dir-test-"));
    const own = await makeWorkDir(base);
    expect(await removeOrphanedWorkDirs(base, () => false)).toEqual([]);
    expect(existsSync(own)).toBe(true);
  });

  it("tolerates a base directory that does not exist yet", async () => {
    base = join(tmpdir(), `darkroom-work-dir-test-missing-${process.pid}`);
    expect(await removeOrphanedWorkDirs(base)).toEqual([]);
    expect(existsSync(await makeWorkDir(base))).toBe(true);
  });
});
