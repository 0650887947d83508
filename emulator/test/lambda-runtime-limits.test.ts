import { describe, expect, it } from "vitest";
import { fromPs, MemoryWatch } from "../src/services/lambda/runtime/memory.ts";
import { alive, codeDir, eventually, runtimeUnderTest, snapshot } from "./support/lambda-runtime.ts";

describe("timeouts", () => {
  it("kills an invocation at its timeout with Lambda's Sandbox.Timedout error", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "exports.handler = async (e) => { if (e.hang) await new Promise((r) => setTimeout(r, 10_000)); return process.pid; };",
      }),
      { timeoutSeconds: 1 },
    );
    const pid = (await rt.invoke(fn)).body as number;
    const out = await rt.invoke(fn, { hang: true });
    expect(out.functionError).toBe("Unhandled");
    expect(out.payload.toString()).toBe(
      JSON.stringify({
        errorType: "Sandbox.Timedout",
        errorMessage: `RequestId: ${out.requestId} Error: Task timed out after 1.00 seconds`,
      }),
    );
    expect(out.durationMs).toBe(1000);
    expect(out.billedDurationMs).toBe(1000);
    const report = rt.logs.messages(fn.logGroup).at(-1);
    expect(report).toMatch(
      new RegExp(
        `^REPORT RequestId: ${out.requestId}\\tDuration: 1000\\.00 ms\\tBilled Duration: 1000 ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tStatus: timeout\\t\\n$`,
      ),
    );
    expect(out.tail).toContain(`END RequestId: ${out.requestId}\n`);
    expect(alive(pid)).toBe(false);
    // The next invocation gets a fresh environment.
    const next = await rt.invoke(fn);
    expect(next.body).not.toBe(pid);
    expect(next.initDurationMs).toBeDefined();
  });

  it("stops a handler stuck in a synchronous loop", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = () => { for (;;) {} };" }), {
      timeoutSeconds: 1,
    });
    const out = await rt.invoke(fn);
    expect(out.body).toMatchObject({ errorType: "Sandbox.Timedout" });
    expect(rt.envs.list()).toEqual([]);
  });

  it("lets a slow init run on within the invocation's timeout, without an Init Duration", async () => {
    const rt = await runtimeUnderTest({ initTimeoutMs: 200 });
    const fn = snapshot(
      await codeDir({
        "index.mjs":
          "await new Promise((r) => setTimeout(r, 500));\nexport const handler = async () => 'late but fine';",
      }),
    );
    const out = await rt.invoke(fn);
    expect(out.body).toBe("late but fine");
    expect(out.initDurationMs).toBeUndefined();
    expect(out.durationMs).toBeGreaterThan(250);
    const log = rt.logs.messages(fn.logGroup);
    expect(log.find((m) => m.startsWith("INIT_REPORT"))).toMatch(
      /^INIT_REPORT Init Duration: \d+\.\d\d ms\tPhase: init\tStatus: timeout\t\n$/,
    );
    expect(log.at(-1)).not.toContain("Init Duration");
  });

  it("times out an init that outlasts both the init limit and the function's timeout", async () => {
    const rt = await runtimeUnderTest({ initTimeoutMs: 200 });
    const fn = snapshot(
      await codeDir({
        "index.mjs":
          "await new Promise((r) => setTimeout(r, 10_000));\nexport const handler = async () => 1;",
      }),
      { timeoutSeconds: 1 },
    );
    const out = await rt.invoke(fn);
    expect(out.body).toEqual({
      errorType: "Sandbox.Timedout",
      errorMessage: `RequestId: ${out.requestId} Error: Task timed out after 1.00 seconds`,
    });
    expect(rt.envs.list()).toEqual([]);
  });
});

describe("memory", () => {
  const OOM = {
    errorType: "Runtime.OutOfMemory",
    errorMessage: expect.stringMatching(/^RequestId: \S+ Error: Runtime exited with error: signal: killed$/),
  };

  it("kills a function whose heap grows past its memory size, as Lambda does", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "const keep = []; exports.handler = async () => { for (;;) keep.push(new Array(1e5).fill(Math.random())); };",
      }),
      { memorySizeMb: 128 },
    );
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toEqual(OOM);
    expect(out.maxMemoryUsedMb).toBe(128);
    expect(rt.logs.messages(fn.logGroup).at(-1)).toMatch(
      /\tMemory Size: 128 MB\tMax Memory Used: 128 MB\t(Init Duration: \d+\.\d\d ms\t)?Status: error\tError Type: Runtime\.OutOfMemory\t\n$/,
    );
    expect(rt.envs.list()).toEqual([]);
  });

  it("kills a function whose buffers (outside the heap) outgrow its memory size", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": `
          const keep = [];
          exports.handler = async () => {
            for (;;) {
              keep.push(Buffer.alloc(4 * 1024 * 1024, 1));
              await new Promise((r) => setTimeout(r, 2));
            }
          };`,
      }),
      { memorySizeMb: 128 },
    );
    const out = await rt.invoke(fn);
    expect(out.body).toEqual(OOM);
  });

  it("reports the memory a function used", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "let keep; exports.handler = async (e) => { keep = Buffer.alloc(e.mb * 1024 * 1024, 1); return 1; };",
      }),
      { memorySizeMb: 256 },
    );
    const small = await rt.invoke(fn, { mb: 1 });
    const big = await rt.invoke(fn, { mb: 80 });
    expect(big.functionError).toBeUndefined();
    expect(big.maxMemoryUsedMb).toBeGreaterThanOrEqual(small.maxMemoryUsedMb + 70);
    expect(big.maxMemoryUsedMb).toBeLessThan(256);
  });
});

describe("memory outside Linux", () => {
  it("reads resident memory with ps and reports a process over its limit", async () => {
    const viaPs = await fromPs(process.pid);
    const rss = process.memoryUsage().rss;
    expect(viaPs!.rssBytes).toBeGreaterThan(rss * 0.5);
    expect(viaPs!.rssBytes).toBeLessThan(rss * 2);
    expect(await fromPs(2 ** 22 + 12345)).toBeUndefined();
    let exceeded = false;
    const watch = new MemoryWatch(
      process.pid,
      1,
      () => {
        exceeded = true;
      },
      fromPs,
    );
    watch.start();
    await eventually(() => exceeded);
    expect(watch.peakBytes).toBeGreaterThan(1024 * 1024);
    watch.stop();
  });
});
