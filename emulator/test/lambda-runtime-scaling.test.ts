import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConcurrencyLimitReached } from "../src/services/lambda/runtime/contract.ts";
import { UnsupportedRuntime } from "../src/services/lambda/runtime/runtimes.ts";
import { alive, codeDir, eventually, runtimeUnderTest, snapshot } from "./support/lambda-runtime.ts";
import { tempDir } from "./support/temp-dir.ts";

/** Answers its process id after `event.ms` milliseconds. */
const SLEEPER = {
  "index.js":
    "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, e.ms ?? 0)); return process.pid; };",
};

describe("warm environments", () => {
  it("reuses a warm environment for the next invocation", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER));
    const first = await rt.invoke(fn);
    const second = await rt.invoke(fn);
    expect(second.body).toBe(first.body);
    expect(rt.envs.list()).toHaveLength(1);
    expect(rt.envs.list()[0]).toMatchObject({ pid: first.body, state: "idle", busy: false });
  });

  it("starts another environment when all are busy, and reuses them afterwards", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER));
    const pids = (await Promise.all([1, 2, 3].map(() => rt.invoke(fn, { ms: 300 })))).map((o) => o.body);
    expect(new Set(pids).size).toBe(3);
    expect(rt.envs.list()).toHaveLength(3);
    const streams = new Set(rt.envs.list().map((e) => e.logStream));
    expect(streams.size).toBe(3);
    const again = await rt.invoke(fn);
    expect(pids).toContain(again.body);
    expect(again.initDurationMs).toBeUndefined();
    expect(rt.envs.list()).toHaveLength(3);
    const concurrency = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => d.metricName === "ConcurrentExecutions" && d.dimensions.FunctionName === fn.functionName)
      .map((d) => d.value);
    expect(concurrency).toEqual([1, 2, 3, 1]);
  });

  it("keeps separate environments per version", async () => {
    const rt = await runtimeUnderTest();
    const latest = snapshot(await codeDir(SLEEPER));
    const v1 = { ...latest, version: "1", revisionId: randomUUID() };
    const a = await rt.invoke(latest);
    const b = await rt.invoke(v1);
    expect(a.body).not.toBe(b.body);
    expect((await rt.invoke(latest)).body).toBe(a.body);
    expect((await rt.invoke(v1)).body).toBe(b.body);
  });
  it("replaces an environment that crashed after answering", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": `exports.handler = async (e) => {
          if (e.crashLater) setTimeout(() => { throw new Error("after the response"); }, 50);
          return process.pid;
        };`,
      }),
    );
    const first = await rt.invoke(fn, { crashLater: true });
    expect(first.functionError).toBeUndefined();
    await eventually(() => !alive(first.body as number) && rt.envs.list().length === 0);
    const next = await rt.invoke(fn);
    expect(next.functionError).toBeUndefined();
    expect(next.body).not.toBe(first.body);
    expect(rt.logs.messages(fn.logGroup).some((m) => m.includes("\tERROR\tUncaught Exception \t"))).toBe(
      true,
    );
  });
});

describe("working directory", () => {
  it("shares one copy of the code per revision and removes it with the last environment", async () => {
    const base = await tempDir();
    const rt = await runtimeUnderTest({ baseDir: base });
    const fn = snapshot(await codeDir(SLEEPER));
    await Promise.all([rt.invoke(fn, { ms: 200 }), rt.invoke(fn, { ms: 200 })]);
    const [workDir] = await readdir(base);
    const entries = async () => (await readdir(join(base, workDir!))).map((name) => name.replace(/-.*/, ""));
    expect((await entries()).sort()).toEqual(["code", "env", "env"]);
    await rt.envs.retire(fn.functionArn);
    await eventually(async () => (await entries()).length === 0);
    await rt.envs.shutdown();
    expect(await readdir(base)).toEqual([]);
  });
});

describe("reserved concurrency", () => {
  it("throttles beyond the function's reserved concurrency", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER), { reservedConcurrency: 2 });
    const running = [rt.invoke(fn, { ms: 300 }), rt.invoke(fn, { ms: 300 })];
    const third = rt.invoke(fn);
    await expect(third).rejects.toBeInstanceOf(ConcurrencyLimitReached);
    await expect(third).rejects.toMatchObject({ functionName: fn.functionName });
    await Promise.all(running);
    // Capacity is back once they finish.
    expect((await rt.invoke(fn)).functionError).toBeUndefined();
    const throttles = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => d.metricName === "Throttles" && d.dimensions.FunctionName === fn.functionName);
    expect(throttles.map((d) => d.value)).toEqual([1]);
    const invocations = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => d.metricName === "Invocations" && d.dimensions.FunctionName === fn.functionName);
    expect(invocations).toHaveLength(3);
  });

  it("counts every version of the function against its reserved concurrency", async () => {
    const rt = await runtimeUnderTest();
    const latest = snapshot(await codeDir(SLEEPER), { reservedConcurrency: 1 });
    const v1 = { ...latest, version: "1", revisionId: randomUUID() };
    const running = rt.invoke(latest, { ms: 300 });
    await expect(rt.invoke(v1)).rejects.toBeInstanceOf(ConcurrencyLimitReached);
    await running;
  });

  it("always throttles a function with reserved concurrency 0", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER), { reservedConcurrency: 0 });
    await expect(rt.invoke(fn)).rejects.toBeInstanceOf(ConcurrencyLimitReached);
    expect(rt.envs.list()).toEqual([]);
  });
});

describe("retiring environments", () => {
  it("retires environments of an older revision", async () => {
    const rt = await runtimeUnderTest();
    const code = await codeDir(SLEEPER);
    const before = snapshot(code);
    const oldPid = (await rt.invoke(before)).body as number;
    const after = { ...before, revisionId: randomUUID() };
    const newPid = (await rt.invoke(after)).body as number;
    expect(newPid).not.toBe(oldPid);
    await eventually(() => !alive(oldPid));
    expect(rt.envs.list().map((e) => e.revisionId)).toEqual([after.revisionId]);
  });

  it("lets a busy environment of an older revision finish, then stops it", async () => {
    const rt = await runtimeUnderTest();
    const before = snapshot(await codeDir(SLEEPER));
    const slow = rt.invoke(before, { ms: 400 });
    await eventually(() => rt.envs.list().some((e) => e.state === "busy" && e.pid !== undefined));
    const after = { ...before, revisionId: randomUUID() };
    const fresh = await rt.invoke(after);
    const oldPid = (await slow).body as number;
    expect(oldPid).not.toBe(fresh.body);
    await eventually(() => !alive(oldPid));
    expect(rt.envs.list().map((e) => e.revisionId)).toEqual([after.revisionId]);
  });

  it("reaps environments idle for longer than the idle timeout", async () => {
    const rt = await runtimeUnderTest({ idleTimeoutMs: 200 });
    const fn = snapshot(await codeDir(SLEEPER));
    const pid = (await rt.invoke(fn)).body as number;
    expect(alive(pid)).toBe(true);
    await eventually(() => rt.envs.list().length === 0 && !alive(pid));
    const next = await rt.invoke(fn);
    expect(next.body).not.toBe(pid);
    expect(next.initDurationMs).toBeDefined();
  });

  it("does not reuse environments older than the maximum age", async () => {
    const rt = await runtimeUnderTest({ maxEnvironmentAgeMs: 0 });
    const fn = snapshot(await codeDir(SLEEPER));
    const first = (await rt.invoke(fn)).body as number;
    const second = (await rt.invoke(fn)).body as number;
    expect(second).not.toBe(first);
    await eventually(() => !alive(first));
    expect(rt.envs.list().map((e) => e.pid)).toEqual([second]);
  });

  it("stops a function's environments on retire()", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER));
    const other = snapshot(await codeDir(SLEEPER));
    const pid = (await rt.invoke(fn)).body as number;
    const otherPid = (await rt.invoke(other)).body as number;
    await rt.envs.retire(fn.functionArn);
    expect(alive(pid)).toBe(false);
    expect(alive(otherPid)).toBe(true);
    expect(rt.envs.list().map((e) => e.functionArn)).toEqual([other.functionArn]);
  });

  it("kills every environment on shutdown and refuses invocations afterwards", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER));
    const pids = (await Promise.all([rt.invoke(fn, { ms: 100 }), rt.invoke(fn, { ms: 100 })])).map(
      (o) => o.body as number,
    );
    await rt.envs.shutdown();
    expect(pids.map(alive)).toEqual([false, false]);
    expect(rt.envs.list()).toEqual([]);
    await expect(rt.invoke(fn)).rejects.toThrow(/shut down/);
  });
});

describe("runtimes", () => {
  it("refuses runtimes other than Node.js 20, 22 and 24", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(SLEEPER), { runtime: "python3.12" });
    await expect(rt.invoke(fn)).rejects.toBeInstanceOf(UnsupportedRuntime);
    await expect(rt.invoke(fn)).rejects.toThrow(/python3\.12 is not supported/);
  });

  it.each(["nodejs20.x", "nodejs24.x"])("runs %s", async (runtime) => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = async () => process.env.AWS_EXECUTION_ENV;" }),
      { runtime },
    );
    expect((await rt.invoke(fn)).body).toBe(`AWS_Lambda_${runtime}`);
  });
});
