import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Once every process holding its output is gone: the exit code, or the signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** `npm start` as a user types it, in its own process group so Ctrl-C reaches all of it. */
function npmStart(env: Record<string, string>): Started {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // "close", not "exit": npm may die of the SIGINT before the platform it started has stopped.
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once("close", (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

async function untilReadyOrExit(started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started.exited.then(() => {
    exited = true;
  });
  while (!/^Darkroom ready/m.test(started.output())) {
    if (exited) throw new Error(`npm start exited before it was ready:\n${started.output()}`);
    if (Date.now() > deadline)
      throw new Error(`npm start was not ready after ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
async function pressCtrlC(started: Started): Promise<number | NodeJS.Signals | null> {
  if (started.child.pid) process.kill(-started.child.pid, "SIGINT");
  return started.exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * Acceptance item 4 (behaviour; the durations are measured by `npm run bench:start`): on a
 * fresh state folder `npm start` starts the emulator, deploys the local stack, prints one line
 * per step and a ready line with the URLs; Ctrl-C stops it all; a second start reuses the state.
 */
describe("npm start", () => {
  let work: string;
  let env: Record<string, string>;
  let port: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "darkroom-start-"));
    port = await freePort();
    env = {
      DARKROOM_PORT: String(port),
      DARKROOM_STATE_DIR: join(work, "state"),
      CDKTF_OUTDIR: join(work, "cdktf.out"),
    };
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("comes up from fresh state, stops on Ctrl-C, and comes up again from the same state", {
    timeout: 600_000,
  }, async () => {
    const first = npmStart(env);
    await untilReadyOrExit(first, 300_000);
    const out = first.output();
    expect(out).toMatch(new RegExp(`^✓ emulator on http://127\\.0\\.0\\.1:${port}, state in .* \\(\\d`, "m"));
    expect(out).toMatch(/^✓ synthesized darkroom-local \(/m);
    expect(out).toMatch(/^✓ terraform init \(/m);
    expect(out).toMatch(/^✓ applied \d+ to add, 0 to change, 0 to destroy \(/m);
    expect(out).toMatch(/^✓ deployed the local stack \(/m);
    expect(out).toMatch(
      new RegExp(
        `^Darkroom ready in [\\d.]+ m?s: http://127\\.0\\.0\\.1:${port} http://\\w+\\.lambda-url\\.us-east-1\\.localhost:${port}/$`,
        "m",
      ),
    );
    // What the ready line names answers.
    const health = await fetch(`http://127.0.0.1:${port}/_darkroom/health`);
    expect(health.status).toBe(200);

    // npm itself dies of the signal; the platform script exits 130 after stopping.
    expect([130, "SIGINT"]).toContain(await pressCtrlC(first));
    expect(first.output()).toContain("Darkroom stopped");
    expect(await portIsFree(port)).toBe(true);

    const second = npmStart(env);
    await untilReadyOrExit(second, 120_000);
    expect(second.output()).toMatch(/Terraform skipped/);
    expect(second.output()).not.toMatch(/^✓ applied/m);
    expect([130, "SIGINT"]).toContain(await pressCtrlC(second));
    expect(second.output()).toContain("Darkroom stopped");
  });

  it("names the setting when the emulator's port is taken", async () => {
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => resolve(server));
    });
    const address = blocker.address();
    const taken = typeof address === "object" && address ? address.port : 0;
    try {
      const started = npmStart({ ...env, DARKROOM_PORT: String(taken) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`port ${taken} on 127.0.0.1 for the emulator is already in use`);
      expect(started.output()).toContain("set DARKROOM_PORT to a free port");
    } finally {
      blocker.close();
    }
  });
});
