import { describe, expect, it } from "vitest";
import {
  ACCOUNT,
  codeDir,
  FAKE_CREDENTIALS,
  fixture,
  REGION,
  runtimeUnderTest,
  snapshot,
} from "./support/lambda-runtime.ts";

interface Probe {
  event: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
  cwd: string;
  pid: number;
  execArgv: string[];
  heapLimitMb: number;
}

describe("handlers", () => {
  it("returns an async handler's result as JSON", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = async (e) => ({ got: e.n * 2 });" }));
    const out = await rt.invoke(fn, { n: 21 });
    expect(out.functionError).toBeUndefined();
    expect(out.payload.toString()).toBe('{"got":42}');
  });

  it("answers null for an async handler that returns nothing", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = async () => {};" }));
    expect((await rt.invoke(fn)).payload.toString()).toBe("null");
  });

  it("runs callback handlers and, by default, waits for the event loop to empty", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": `
          let ticks = 0;
          exports.handler = (event, context, callback) => {
            setTimeout(() => { ticks++; }, 300);
            if (event.dontWait) context.callbackWaitsForEmptyEventLoop = false;
            callback(null, { ticks });
          };`,
      }),
    );
    const waited = await rt.invoke(fn);
    expect(waited.body).toEqual({ ticks: 0 });
    expect(waited.durationMs).toBeGreaterThanOrEqual(290);
    const quick = await rt.invoke(fn, { dontWait: true });
    expect(quick.body).toEqual({ ticks: 1 });
    expect(quick.durationMs).toBeLessThan(250);
  });

  it("answers null for a synchronous handler that neither returns a promise nor calls back", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = (event, context) => 42;" }));
    const out = await rt.invoke(fn);
    expect(out.functionError).toBeUndefined();
    expect(out.payload.toString()).toBe("null");
  });

  it("supports context.succeed", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = (event, context) => { context.succeed('done'); };" }),
    );
    expect((await rt.invoke(fn)).body).toBe("done");
  });

  it.each([
    ["CommonJS .js", { "index.js": "exports.handler = async () => 'cjs';" }, "index.handler"],
    ["ES module .mjs", { "index.mjs": "export const handler = async () => 'mjs';" }, "index.handler"],
    ["CommonJS .cjs", { "index.cjs": "module.exports.handler = async () => 'cjs2';" }, "index.handler"],
    [
      '.js under "type": "module"',
      { "package.json": '{"type":"module"}', "index.js": "export const handler = async () => 'esm-js';" },
      "index.handler",
    ],
    ["a nested path", { "src/app.mjs": "export async function main() { return 'nested'; }" }, "src/app.main"],
    [
      "a nested property",
      { "index.js": "exports.handlers = { ping: async () => 'pong' };" },
      "index.handlers.ping",
    ],
  ])("loads handlers from %s", async (_name, files, handler) => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(files), { handler });
    const out = await rt.invoke(fn);
    expect(out.functionError).toBeUndefined();
    expect(typeof out.body).toBe("string");
  });

  it("loads .js as CommonJS when the package says so, even beside an ES module parent", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "package.json": '{"type":"commonjs"}',
        "index.js": "exports.handler = async () => typeof require;",
      }),
    );
    expect((await rt.invoke(fn)).body).toBe("function");
  });
});

describe("context and environment", () => {
  it("gives the handler Lambda's context fields", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(fixture("probe"), { memorySizeMb: 256, timeoutSeconds: 7 });
    const clientContext = Buffer.from(JSON.stringify({ custom: { tenant: "t1" } })).toString("base64");
    const out = await rt.invoke(fn, { hello: "world" }, { clientContext });
    const probe = out.body as Probe;
    expect(probe.event).toEqual({ hello: "world" });
    const env = rt.envs.list()[0]!;
    expect(probe.context).toEqual({
      awsRequestId: out.requestId,
      functionName: fn.functionName,
      functionVersion: "$LATEST",
      invokedFunctionArn: fn.functionArn,
      memoryLimitInMB: "256",
      logGroupName: fn.logGroup,
      logStreamName: env.logStream,
      remainingTimeInMillis: expect.any(Number),
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { tenant: "t1" } },
    });
    const remaining = probe.context.remainingTimeInMillis as number;
    expect(Number.isInteger(remaining), `${remaining}`).toBe(true);
    expect(remaining).toBeGreaterThan(6_000);
    expect(remaining).toBeLessThanOrEqual(7_000);
    expect(env.logStream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });

  it("names a published version in the context and the log stream", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(fixture("probe"), { version: "3" });
    const probe = (await rt.invoke(fn, {}, { qualifier: "3" })).body as Probe;
    expect(probe.context.functionVersion).toBe("3");
    expect(probe.context.invokedFunctionArn).toBe(`${fn.functionArn}:3`);
    expect(probe.context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[3\][0-9a-f]{32}$/);
  });

  it("ends invokedFunctionArn with the alias the caller named, and the version still says which ran", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(fixture("probe"), { version: "3" });
    const probe = (await rt.invoke(fn, {}, { qualifier: "live" })).body as Probe;
    expect(probe.context.functionVersion).toBe("3");
    expect(probe.context.invokedFunctionArn).toBe(`${fn.functionArn}:live`);
  });

  it("sets Lambda's environment variables, the function's own, and nothing of the emulator's", async () => {
    process.env.DARKROOM_LAMBDA_TEST_LEAK = "leaked";
    process.env.AWS_PROFILE_LEAK_TEST = "leaked";
    const rt = await runtimeUnderTest({ endpointUrl: () => "http://127.0.0.1:9999" });
    const fn = snapshot(fixture("probe"), {
      environment: { STAGE: "test", AWS_REGION: "eu-west-1", _HANDLER: "evil.handler", TZ: "Europe/Paris" },
    });
    try {
      const probe = (await rt.invoke(fn)).body as Probe;
      const env = probe.env;
      expect(env).toMatchObject({
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
        AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "128",
        AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
        AWS_LAMBDA_LOG_STREAM_NAME: probe.context.logStreamName,
        AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x",
        AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
        _HANDLER: "index.handler",
        LANG: "en_US.UTF-8",
        AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: FAKE_CREDENTIALS.sessionToken,
        AWS_ENDPOINT_URL: "http://127.0.0.1:9999",
        STAGE: "test",
        // Not reserved on AWS either.
        TZ: "Europe/Paris",
      });
      expect(env.LAMBDA_TASK_ROOT).toBe(probe.cwd);
      expect(env.LAMBDA_RUNTIME_DIR).toMatch(/lambda[\\/]runtime$/);
      expect(env.NODE_PATH).toContain(probe.cwd);
      expect(env.PATH).toBeTruthy();
      expect(Object.keys(env).filter((k) => k.startsWith("DARKROOM_"))).toEqual([]);
      expect(env.AWS_PROFILE_LEAK_TEST).toBeUndefined();
    } finally {
      delete process.env.DARKROOM_LAMBDA_TEST_LEAK;
      delete process.env.AWS_PROFILE_LEAK_TEST;
    }
  });

  it("sets TZ to :UTC by default and sizes the heap from the memory size as AWS does", async () => {
    const rt = await runtimeUnderTest();
    const probe = (await rt.invoke(snapshot(fixture("probe"), { memorySizeMb: 512 }))).body as Probe;
    expect(probe.env.TZ).toBe(":UTC");
    expect(probe.execArgv).toEqual(
      expect.arrayContaining(["--max-semi-space-size=25", "--max-old-space-size=461"]),
    );
  });

  it("leaves the heap sizes to a function that sets them in NODE_OPTIONS", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(fixture("probe"), {
      memorySizeMb: 1024,
      environment: { NODE_OPTIONS: "--max-old-space-size=300" },
    });
    const probe = (await rt.invoke(fn)).body as Probe;
    expect(probe.execArgv.filter((a) => a.includes("space-size"))).toEqual([]);
    expect(probe.heapLimitMb).toBeGreaterThanOrEqual(300);
    expect(probe.heapLimitMb).toBeLessThan(400);
  });

  it("runs the code from a copy, never writing into the package", async () => {
    const rt = await runtimeUnderTest();
    const dir = await codeDir({
      "index.js":
        "const fs = require('fs'); exports.handler = async () => { fs.writeFileSync(__dirname + '/scribble', 'x'); return __dirname; };",
    });
    const out = await rt.invoke(snapshot(dir));
    expect(out.body).not.toBe(dir);
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${dir}/scribble`)).toBe(false);
  });
});

describe("errors", () => {
  it("turns a thrown error into Lambda's error payload", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": `
          class ValidationError extends Error { constructor(m) { super(m); this.name = "ValidationError"; this.field = "size"; } }
          exports.handler = async () => { throw new ValidationError("too big"); };`,
      }),
    );
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    const body = out.body as { errorType: string; errorMessage: string; trace: string[] };
    expect(Object.keys(body)).toEqual(["errorType", "errorMessage", "trace"]);
    expect(body.errorType).toBe("ValidationError");
    expect(body.errorMessage).toBe("too big");
    expect(body.trace[0]).toBe("ValidationError: too big");
    expect(body.trace[1]).toMatch(/^\s+at /);
    // Logged as the runtime client does, with the error's own properties.
    const invokeError = rt.logs.messages(fn.logGroup).find((m) => m.includes("Invoke Error"));
    expect(invokeError).toMatch(
      new RegExp(
        `^\\S+Z\\t${out.requestId}\\tERROR\\tInvoke Error \\t\\{"errorType":"ValidationError","errorMessage":"too big","name":"ValidationError","field":"size","stack":\\["ValidationError: too big",`,
      ),
    );
  });

  it("reports a rejected non-error by its type", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.mjs": "export const handler = async () => { throw 'plain'; };" }),
    );
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toEqual({ errorType: "string", errorMessage: "plain", trace: [] });
  });

  it("passes callback errors and keeps the environment", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = (e, c, cb) => cb(new TypeError('bad input'));" }),
    );
    const first = await rt.invoke(fn);
    expect(first.body).toMatchObject({ errorType: "TypeError", errorMessage: "bad input" });
    const pid = rt.envs.list()[0]!.pid;
    await rt.invoke(fn);
    expect(rt.envs.list().map((e) => e.pid)).toEqual([pid]);
  });

  it.each([
    [
      "a missing handler",
      { "index.js": "exports.other = async () => 1;" },
      "index.handler",
      "Runtime.HandlerNotFound",
      "index.handler is undefined or not exported",
    ],
    [
      "a handler that is not a function",
      { "index.js": "exports.handler = 42;" },
      "index.handler",
      "Runtime.HandlerNotFound",
      "index.handler is not a function",
    ],
    [
      "a missing module",
      { "other.js": "" },
      "index.handler",
      "Runtime.ImportModuleError",
      "Error: Cannot find module 'index'",
    ],
    [
      "a missing dependency",
      { "index.js": "require('left-pad-not-installed'); exports.handler = async () => 1;" },
      "index.handler",
      "Runtime.ImportModuleError",
      "Error: Cannot find module 'left-pad-not-installed'",
    ],
    [
      "a syntax error",
      { "index.js": "exports.handler = async () => {;" },
      "index.handler",
      "Runtime.UserCodeSyntaxError",
      "SyntaxError: ",
    ],
    ["a malformed handler", { "index.js": "" }, "index", "Runtime.MalformedHandlerName", "Bad handler"],
  ])("fails init for %s as Lambda does", async (_name, files, handler, errorType, message) => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir(files), { handler });
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    const body = out.body as { errorType: string; errorMessage: string };
    expect(body.errorType).toBe(errorType);
    expect(body.errorMessage.startsWith(message)).toBe(true);
    const log = rt.logs.messages(fn.logGroup);
    expect(log.find((m) => m.includes("\tERROR\tUncaught Exception \t"))).toContain(
      `"errorType":"${errorType}"`,
    );
    expect(log.find((m) => m.startsWith("INIT_REPORT"))).toMatch(
      new RegExp(
        `^INIT_REPORT Init Duration: \\d+\\.\\d\\d ms\\tPhase: init\\tStatus: error\\tError Type: ${errorType.replace(".", "\\.")}\\t\\n$`,
      ),
    );
    expect(log.at(-1)).toMatch(/\tStatus: error\tError Type: Runtime\.\w+\t\n$/);
    // The failed environment is gone; the next invocation tries again.
    expect(rt.envs.list()).toEqual([]);
  });

  it("reports process.exit in a handler as Runtime.ExitError and starts a new environment", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": "exports.handler = async (e) => { if (e.exit) process.exit(3); return process.pid; };",
      }),
    );
    const first = await rt.invoke(fn);
    const out = await rt.invoke(fn, { exit: true });
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toEqual({
      errorType: "Runtime.ExitError",
      errorMessage: `RequestId: ${out.requestId} Error: Runtime exited with error: exit status 3`,
    });
    expect(rt.logs.messages(fn.logGroup).at(-1)).toMatch(
      /\tStatus: error\tError Type: Runtime\.ExitError\t\n$/,
    );
    const after = await rt.invoke(fn);
    expect(after.body).not.toBe(first.body);
    expect(after.initDurationMs).toBeDefined();
  });

  it("fails the invocation with an uncaught exception and replaces the environment", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "exports.handler = () => new Promise(() => { setTimeout(() => { throw new RangeError('late'); }, 10); });",
      }),
    );
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toMatchObject({ errorType: "RangeError", errorMessage: "late" });
    expect(rt.logs.messages(fn.logGroup).some((m) => m.includes("\tERROR\tUncaught Exception \t"))).toBe(
      true,
    );
    expect(rt.envs.list()).toEqual([]);
  });

  it("reports an unhandled rejection as Runtime.UnhandledPromiseRejection", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "exports.handler = () => new Promise(() => { Promise.reject(new Error('nobody listens')); });",
      }),
    );
    const out = await rt.invoke(fn);
    expect(out.body).toMatchObject({
      errorType: "Runtime.UnhandledPromiseRejection",
      errorMessage: "Error: nobody listens",
    });
  });

  it("fails an async handler whose promise never settles once the event loop is empty", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = async () => new Promise(() => {});" }),
    );
    const out = await rt.invoke(fn);
    expect(out.body).toMatchObject({ errorType: "Runtime.NodeJsExit" });
  });

  it("refuses responses over 6 MB", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = async () => 'x'.repeat(6_300_000);" }),
    );
    const out = await rt.invoke(fn);
    expect(out.functionError).toBe("Unhandled");
    expect(out.body).toEqual({
      errorMessage: "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
      errorType: "Function.ResponseSizeTooLarge",
    });
  });
});

describe("logs", () => {
  it("writes START, the function's output, END and REPORT to the environment's stream", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js": `
          console.log("loading");
          exports.handler = async () => {
            console.log("hello %s", "world");
            console.info("info");
            console.warn("careful");
            console.error("broken", { code: 7 });
            console.debug("details");
            console.log("two\\nlines");
            process.stdout.write('{"level":"INFO","message":"structured"}\\n');
            process.stderr.write("partial ");
            process.stderr.write("line\\n");
            process.stdout.write("unterminated");
            return "ok";
          };`,
      }),
    );
    const out = await rt.invoke(fn);
    const [env] = rt.envs.list();
    const targets = new Set(rt.logs.events.map((e) => JSON.stringify(e.target)));
    expect([...targets]).toEqual([
      JSON.stringify({ accountId: ACCOUNT, region: REGION, group: fn.logGroup, stream: env!.logStream }),
    ]);
    const id = out.requestId;
    const lines = rt.logs.messages(fn.logGroup);
    const at = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`;
    const expected = [
      /^INIT_START Runtime Version: nodejs:\d+\.v\d+\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}\n$/,
      new RegExp(`^${at}\\tundefined\\tINFO\\tloading\\n$`),
      new RegExp(`^START RequestId: ${id} Version: \\$LATEST\\n$`),
      new RegExp(`^${at}\\t${id}\\tINFO\\thello world\\n$`),
      new RegExp(`^${at}\\t${id}\\tINFO\\tinfo\\n$`),
      new RegExp(`^${at}\\t${id}\\tWARN\\tcareful\\n$`),
      new RegExp(`^${at}\\t${id}\\tERROR\\tbroken { code: 7 }\\n$`),
      new RegExp(`^${at}\\t${id}\\tDEBUG\\tdetails\\n$`),
      new RegExp(`^${at}\\t${id}\\tINFO\\ttwo\\nlines\\n$`),
      /^\{"level":"INFO","message":"structured"\}\n$/,
      /^partial line\n$/,
      /^unterminated\n$/,
      new RegExp(`^END RequestId: ${id}\\n$`),
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d\\d ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d\\d ms\\t\\n$`,
      ),
    ];
    expect(lines).toHaveLength(expected.length);
    lines.forEach((line, i) => {
      expect(line).toMatch(expected[i]!);
    });
  });

  it("reports Init Duration only for the cold start, and bills init and duration", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = async () => process.pid;" }));
    const cold = await rt.invoke(fn);
    const warm = await rt.invoke(fn);
    expect(cold.initDurationMs).toBeGreaterThan(0);
    expect(warm.initDurationMs).toBeUndefined();
    expect(cold.billedDurationMs).toBe(Math.ceil(cold.durationMs + cold.initDurationMs!));
    expect(warm.billedDurationMs).toBe(Math.ceil(warm.durationMs));
    const reports = rt.logs.messages(fn.logGroup).filter((m) => m.startsWith("REPORT"));
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain(`\tInit Duration: ${cold.initDurationMs!.toFixed(2)} ms\t`);
    expect(reports[1]).not.toContain("Init Duration");
    expect(reports[1]).toContain(`\tDuration: ${warm.durationMs.toFixed(2)} ms\t`);
    expect(warm.maxMemoryUsedMb).toBeGreaterThan(10);
    expect(warm.maxMemoryUsedMb).toBeLessThanOrEqual(128);
  });

  it("returns the last 4 KB of the invocation's log as the tail, only when asked", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({
        "index.js":
          "exports.handler = async (e) => { for (let i = 0; i < e.lines; i++) console.log('line ' + i); return 1; };",
      }),
    );
    const short = await rt.invoke(fn, { lines: 2 });
    expect(short.tail).toMatch(new RegExp(`^START RequestId: ${short.requestId} Version: \\$LATEST\\n`));
    expect(short.tail).toContain("\tINFO\tline 1\n");
    expect(short.tail).toMatch(
      new RegExp(`END RequestId: ${short.requestId}\\nREPORT RequestId: ${short.requestId}\\t.*\\t\\n$`),
    );
    expect(short.tail).not.toContain("INIT_START");

    const long = await rt.invoke(fn, { lines: 500 });
    expect(Buffer.from(long.logResult!, "base64").length).toBe(4096);
    expect(long.tail).toContain("line 499\n");
    expect(long.tail).not.toContain("START RequestId");

    const untailed = await rt.envs.invoke({
      fn,
      payload: Buffer.from("{}"),
      requestId: "no-tail",
      tailLog: false,
    });
    expect(untailed.logResult).toBeUndefined();
  });
});

describe("metrics", () => {
  it("publishes Invocations, Errors, Duration and ConcurrentExecutions in AWS/Lambda", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(
      await codeDir({ "index.js": "exports.handler = async (e) => { if (e.fail) throw new Error('x'); };" }),
    );
    const ok = await rt.invoke(fn);
    await rt.invoke(fn, { fail: true });
    const points = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => d.dimensions.FunctionName === fn.functionName);
    const values = (name: string) => points.filter((d) => d.metricName === name).map((d) => d.value);
    expect(values("Invocations")).toEqual([1, 1]);
    expect(values("Errors")).toEqual([0, 1]);
    expect(values("ConcurrentExecutions")).toEqual([1, 1]);
    expect(values("Duration")[0]).toBe(ok.durationMs);
    for (const p of points) {
      expect(p).toMatchObject({
        accountId: ACCOUNT,
        region: REGION,
        dimensions: { FunctionName: fn.functionName },
      });
      expect(p.unit).toBe(p.metricName === "Duration" ? "Milliseconds" : "Count");
    }
    const accountWide = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => Object.keys(d.dimensions).length === 0);
    expect(accountWide.filter((d) => d.metricName === "Invocations")).toHaveLength(2);
  });

  it("adds the Resource dimension for published versions", async () => {
    const rt = await runtimeUnderTest();
    const fn = snapshot(await codeDir({ "index.js": "exports.handler = async () => 1;" }), { version: "2" });
    await rt.invoke(fn);
    const withResource = rt.metrics
      .recorded("AWS/Lambda")
      .filter((d) => d.metricName === "Invocations" && d.dimensions.Resource !== undefined);
    expect(withResource.map((d) => d.dimensions)).toEqual([
      { FunctionName: fn.functionName, Resource: `${fn.functionName}:2` },
    ]);
  });
});
