import { Logger } from "@nestjs/common";
import { SchedulerRegistry } from "@nestjs/schedule";
import { afterEach, describe, expect, it, vi } from "vitest";
import { StackAlarmHistory } from "../src/alarms/stack-alarm-history.ts";
import { AlarmWatchJob } from "../src/jobs/alarm-watch.job.ts";
import { JobRunner } from "../src/jobs/job-runner.ts";
import type { ScheduledJob } from "../src/jobs/scheduled-job.ts";
import { LiveEvents } from "../src/live/live-events.ts";
import type { AlarmHistoryPage, AlarmHistoryQuery } from "../src/repositories/alarms.repository.ts";
import { alarmNamed, FakeAlarms } from "./support/alarm-fakes.ts";
import { STACK } from "./support/context.ts";

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

  it("takes a watch job's baseline before start() settles, as one of its logged runs, then schedules it", async () => {
    const lines = logLines();
    const { job, alarms, published } = alarmWatch();
    const registry = new SchedulerRegistry();
    await new JobRunner(registry).start(job, 60_000);
    await alarms.setState("darkroom-throttles", "ALARM", "drill");
    expect(registry.getIntervals()).toEqual(["alarm-watch"]);
    registry.deleteInterval("alarm-watch");
    expect(await job.run()).toEqual({ transitions: 1 });
    expect(published).toEqual(["darkroom-throttles"]);
    expect(lines.log[0]).toMatchObject({ msg: "job run", job: "alarm-watch", outcome: "ok", baseline: true });
  });

  it("goes on when the baseline fails: logged, scheduled, and the job's first run takes it", async () => {
    const lines = logLines();
    const { job, alarms, published } = alarmWatch();
    alarms.failures = 1;
    const registry = new SchedulerRegistry();
    const runner = new JobRunner(registry);
    await runner.start(job, 60_000);
    expect(registry.getIntervals()).toEqual(["alarm-watch"]);
    registry.deleteInterval("alarm-watch");
    expect(lines.error[0]).toMatchObject({
      job: "alarm-watch",
      outcome: "error",
      error: "CloudWatch is down",
    });
    expect(lines.warn[0]).toMatchObject({ msg: "job baseline not taken at startup", outcome: "error" });
    expect(await runner.run(job)).toBe("ok");
    expect(lines.log.at(-1)).toMatchObject({ job: "alarm-watch", baseline: true });
    await alarms.setState("darkroom-throttles", "ALARM", "drill");
    expect(await job.run()).toEqual({ transitions: 1 });
    expect(published).toEqual(["darkroom-throttles"]);
  });

  it("waits at most the timeout for a baseline that hangs; a tick while it still runs is skipped", async () => {
    const lines = logLines();
    const { job, alarms } = alarmWatch();
    let answer: () => void = () => {};
    alarms.hold = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const registry = new SchedulerRegistry();
    const runner = new JobRunner(registry);
    const started = performance.now();
    await runner.start(job, 60_000, 50);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(registry.getIntervals()).toEqual(["alarm-watch"]);
    registry.deleteInterval("alarm-watch");
    expect(lines.warn[0]).toMatchObject({ job: "alarm-watch", outcome: "timeout", timeoutMs: 50 });
    expect(await runner.run(job)).toBe("skipped");
    answer();
    await runner.beforeApplicationShutdown();
    expect(lines.log.at(-1)).toMatchObject({ job: "alarm-watch", outcome: "ok", baseline: true });
    expect(await runner.run(job)).toBe("ok");
    expect(lines.log.at(-1)).toMatchObject({ job: "alarm-watch", outcome: "ok", transitions: 0 });
  });
});

/** The runner's log lines by level. */
function logLines() {
  const lines = {
    log: [] as Record<string, unknown>[],
    warn: [] as Record<string, unknown>[],
    error: [] as Record<string, unknown>[],
  };
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(Logger.prototype, level).mockImplementation(
      (line: unknown) => void lines[level].push(line as Record<string, unknown>),
    );
  }
  return lines;
}

/** CloudWatch's alarm history that can fail or hang before it answers. */
class UnsteadyAlarms extends FakeAlarms {
  failures = 0;
  hold: Promise<void> | undefined;

  override async history(query: AlarmHistoryQuery): Promise<AlarmHistoryPage> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error("CloudWatch is down");
    }
    const hold = this.hold;
    this.hold = undefined;
    await hold;
    return super.history(query);
  }
}

/** The alarm job over two OK alarms with an empty history, and the alarm names it publishes. */
function alarmWatch() {
  const alarms = new UnsteadyAlarms();
  alarms.add(alarmNamed("darkroom-log-errors"), alarmNamed("darkroom-throttles"));
  const events = new LiveEvents();
  const published: string[] = [];
  events.stream().subscribe(({ event }) => {
    if (event.type === "alarm") published.push(event.data.alarmName);
  });
  return { job: new AlarmWatchJob(new StackAlarmHistory(alarms, STACK), events), alarms, published };
}
