import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdminClient } from "@darkroom/admin-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminTokenFile } from "../admin-token.ts";
import { freePort } from "../ports.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

interface Started {
  child: ChildProcess;
  output: () => string;
  /** Once every process holding its output is gone: the exit code, or the signal. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Every start, so that one a failed assertion left running is stopped after the file. */
const starts: Started[] = [];

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
  const started = { child, output: () => output, exited };
  starts.push(started);
  return started;
}

async function untilReadyOrExit(started: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void started.exited.then(() => {
    exited = true;
  });
  // The ready block's last line: the lines before it (admin API, console) have arrived too.
  while (!/^Darkroom ready[\s\S]*^ {2}Ctrl-C stops everything/m.test(started.output())) {
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

/** What the ready block says of the admin backend: its /api URL and the token it printed. */
function adminLine(output: string): { api: string; token: string; file: string } {
  const match = /^ {2}admin API {2}(http:\/\/\S+)\/api {2}\(token ([0-9a-f]{64}), kept in (\S+)\)$/m.exec(
    output,
  );
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`no admin API line in:\n${output}`);
  return { api: match[1], token: match[2], file: match[3] };
}

/** A port held by this test until release() (to prove a start stops on it). */
async function holdPort(): Promise<{ port: number; release: () => void }> {
  const blocker: Server = await new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => resolve(server));
  });
  const address = blocker.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    release: () => blocker.close(),
  };
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
 * fresh state folder `npm start` starts the emulator, deploys the local stack, starts the admin
 * backend, prints one line per step and a ready line with the URLs and the admin token; Ctrl-C
 * stops it all; a second start reuses the state and the token.
 */
describe("npm start", () => {
  let work: string;
  let env: Record<string, string>;
  let port: number;
  let apiPort: number;
  let webPort: number;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "darkroom-start-"));
    port = await freePort();
    apiPort = await freePort();
    webPort = await freePort();
    env = {
      DARKROOM_PORT: String(port),
      DARKROOM_API_PORT: String(apiPort),
      DARKROOM_WEB_PORT: String(webPort),
      DARKROOM_STATE_DIR: join(work, "state"),
      CDKTF_OUTDIR: join(work, "cdktf.out"),
      // The token is generated and kept, as for a user who sets none.
      DARKROOM_ADMIN_TOKEN: "",
      DARKROOM_ADMIN: "",
      DARKROOM_CONSOLE: "",
    };
  });
  afterAll(async () => {
    for (const started of starts) {
      if (started.child.exitCode === null && started.child.signalCode === null) await pressCtrlC(started);
    }
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
    expect(out).toMatch(new RegExp(`^✓ admin API on http://127\\.0\\.0\\.1:${apiPort}/api \\(`, "m"));
    // A fresh checkout has no console build unless an earlier run made one.
    expect(out).toMatch(
      /^✓ (built the console \((no build of its own yet|its source changed)\)|the console's build is current) \(/m,
    );
    expect(out).toMatch(
      new RegExp(
        `^Darkroom ready in [\\d.]+ m?s: http://127\\.0\\.0\\.1:${port} http://\\w+\\.lambda-url\\.us-east-1\\.localhost:${port}/ http://127\\.0\\.0\\.1:${apiPort}/api http://127\\.0\\.0\\.1:${webPort}/$`,
        "m",
      ),
    );
    // What the ready line names answers.
    const health = await fetch(`http://127.0.0.1:${port}/_darkroom/health`);
    expect(health.status).toBe(200);

    // The admin backend answers on the deployed stack; its endpoints need the token it printed,
    // kept owner-only where the console will read it.
    const printed = adminLine(out);
    expect(printed.api).toBe(`http://127.0.0.1:${apiPort}`);
    expect(printed.file).toBe(adminTokenFile(join(work, "state")));
    expect((await stat(printed.file)).mode & 0o777).toBe(0o600);
    const anonymous = createAdminClient({ baseUrl: printed.api });
    const adminHealth = await anonymous.GET("/api/health");
    expect(adminHealth.response.status).toBe(200);
    expect(adminHealth.data).toMatchObject({ target: "local", endpoint: `http://127.0.0.1:${port}` });
    expect((await anonymous.GET("/api/images")).response.status).toBe(401);
    const wrong = createAdminClient({ baseUrl: printed.api, token: "0".repeat(64) });
    expect((await wrong.GET("/api/images")).response.status).toBe(401);
    const admin = createAdminClient({ baseUrl: printed.api, token: printed.token });
    const images = await admin.GET("/api/images", { params: { query: { limit: 5 } } });
    expect(images.response.status).toBe(200);
    expect(images.data?.items).toEqual([]);

    // The console is served from its build, any page path falls back to the app, /api reaches
    // the backend, and a page on this machine is handed the token without anyone pasting it.
    const site = `http://127.0.0.1:${webPort}`;
    const page = await fetch(`${site}/images?status=FAILED`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<title>Darkroom admin</title>");
    const script = /"(\/_app\/immutable\/[^"]+\.js)"/.exec(html)?.[1];
    const bundle = await fetch(`${site}${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("text/javascript");
    expect(bundle.headers.get("cache-control")).toContain("immutable");
    const session = createAdminClient({ baseUrl: site });
    const handedOver = await session.GET("/api/auth/local-session", {
      headers: { origin: site, "sec-fetch-site": "same-origin" },
    });
    expect(handedOver.data?.token).toBe(printed.token);
    const foreign = await session.GET("/api/auth/local-session", {
      headers: { origin: "http://evil.example" },
    });
    expect(foreign.response.status).toBe(403);

    // npm itself dies of the signal; the platform script exits 130 after stopping.
    expect([130, "SIGINT"]).toContain(await pressCtrlC(first));
    expect(first.output()).toContain("Darkroom stopped");
    expect(await portIsFree(port)).toBe(true);
    expect(await portIsFree(apiPort)).toBe(true);
    expect(await portIsFree(webPort)).toBe(true);

    const second = npmStart(env);
    await untilReadyOrExit(second, 120_000);
    expect(second.output()).toMatch(/Terraform skipped/);
    expect(second.output()).not.toMatch(/^✓ applied/m);
    expect(second.output()).toMatch(/^✓ the console's build is current \(/m);
    expect(adminLine(second.output()).token).toBe(printed.token);
    const again = await admin.GET("/api/images", { params: { query: { limit: 5 } } });
    expect(again.response.status).toBe(200);
    expect([130, "SIGINT"]).toContain(await pressCtrlC(second));
    expect(second.output()).toContain("Darkroom stopped");
  });

  it("names the setting when the emulator's or the admin backend's port is taken, before starting anything", async () => {
    const emulatorPort = await holdPort();
    const adminPort = await holdPort();
    try {
      const started = npmStart({ ...env, DARKROOM_PORT: String(emulatorPort.port) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(
        `port ${emulatorPort.port} on 127.0.0.1 for the emulator is already in use`,
      );
      expect(started.output()).toContain("set DARKROOM_PORT to a free port");

      const both = {
        ...env,
        DARKROOM_PORT: String(emulatorPort.port),
        DARKROOM_API_PORT: String(adminPort.port),
      };
      const adminTaken = npmStart(both);
      expect(await adminTaken.exited).toBe(1);
      expect(adminTaken.output()).toContain(
        `port ${adminPort.port} on 127.0.0.1 for the admin backend is already in use`,
      );
      expect(adminTaken.output()).toContain("set DARKROOM_API_PORT to a free port");
      expect(adminTaken.output()).not.toContain("✓ emulator");

      const consolePort = await holdPort();
      const consoleTaken = npmStart({ ...env, DARKROOM_WEB_PORT: String(consolePort.port) });
      expect(await consoleTaken.exited).toBe(1);
      consolePort.release();
      expect(consoleTaken.output()).toContain(`port ${consolePort.port} on 127.0.0.1 for the console`);
      expect(consoleTaken.output()).toContain("set DARKROOM_WEB_PORT to a free port");
      expect(consoleTaken.output()).not.toContain("✓ emulator");

      // DARKROOM_ADMIN=false: no backend, so its port is not checked (the emulator's still is).
      const withoutAdmin = npmStart({ ...both, DARKROOM_ADMIN: "false" });
      expect(await withoutAdmin.exited).toBe(1);
      expect(withoutAdmin.output()).not.toContain("DARKROOM_API_PORT");
      expect(withoutAdmin.output()).toContain("set DARKROOM_PORT to a free port");
    } finally {
      emulatorPort.release();
      adminPort.release();
    }
  });
});
