import { Logger } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JobRunner } from "../src/jobs/job-runner.ts";
import type { ScheduledJob } from "../src/jobs/scheduled-job.ts";

/** A job whose run waits until the test lets it finish. */
function heldJob(name: string) {
  const runs: (() => void)[] = [];
  const job: ScheduledJob = {
    name,
    run: () => new Promise((resolve) => runs.push(() => resolve({ done: true }))),
  };
  const finishAll = () => {
    for (const finish of runs.splice(0)) finish();
  };
  return { job, finishAll, started: () => runs.length };
}

describe("JobRunner", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never runs a job twice at once: a tick during a run is skipped, and every run is logged", async () => {
    const lines: Record<string, unknown>[] = [];
    vi.spyOn(Logger.prototype, "log").mockImplementation(
      (line: unknown) => void lines.push(line as Record<string, unknown>),
    );
    const runner = new JobRunner(new SchedulerRegistry());
    const held = heldJob("held");
    const first = runner.run(held.job);
    expect(await runner.run(held.job)).toBe("skipped");
    expect(held.started()).toBe(1);
    held.finishAll();
    expect(await first).toBe("ok");
    const again = runner.run(held.job);
    held.finishAll();
    expect(await again).toBe("ok");
    expect(lines.map((l) => [l.job, l.outcome])).toEqual([
      ["held", "skipped"],
      ["held", "ok"],
      ["held", "ok"],
    ]);
    expect(lines[1]).toMatchObject({ msg: "job run", done: true, durationMs: expect.any(Number) });
  });

  it("logs a failed run with its error, and runs again next time", async () => {
    const errors: Record<string, unknown>[] = [];
    vi.spyOn(Logger.prototype, "error").mockImplementation(
      (line: unknown) => void errors.push(line as Record<string, unknown>),
    );
    const runner = new JobRunner(new SchedulerRegistry());
    let calls = 0;
    const job: ScheduledJob = {
      name: "flaky",
      run: async () => {
        calls += 1;
        if (calls === 1) throw new Error("CloudWatch is down");
        return {};
      },
    };
    expect(await runner.run(job)).toBe("error");
    expect(errors[0]).toMatchObject({ job: "flaky", outcome: "error", error: "CloudWatch is down" });
    vi.spyOn(Logger.prototype, "log").mockImplementation(() => {});
    expect(await runner.run(job)).toBe("ok");
  });

  it("registers each job's interval with the scheduler (cleared at shutdown), and none for 0", () => {
    vi.spyOn(Logger.prototype, "log").mockImplementation(() => {});
    const registry = new SchedulerRegistry();
    const runner = new JobRunner(registry);
    runner.schedule(heldJob("on").job, 60_000);
    runner.schedule(heldJob("off").job, 0);
    expect(registry.getIntervals()).toEqual(["on"]);
    registry.deleteInterval("on");
  });
});
