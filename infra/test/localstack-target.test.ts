import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { UPLOAD_PREFIX } from "@darkroom/image-record";
import { App } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNT_ID, type RunningEmulator, startEmulator } from "../../emulator/src/index.ts";
import { terraform } from "../../emulator/test/support/terraform.ts";
import { REPO_ROOT } from "../../lambdas/build/repo-paths.ts";
import { DarkroomStack, stackName } from "../../main.ts";
import { loadInfraConfig } from "../config.ts";
import { LOCAL_SERVICES } from "../provider.ts";
import { block, first, fixtureDist, resources, type TerraformJson } from "./support/synth.ts";

/**
 * Acceptance item 5: LocalStack for users with Docker. There is no Docker engine in CI, so the
 * compose file is checked by Debian's docker-compose (offline), the hooks and the health check
 * run against stand-ins, and the `localstack` target is planned against the embedded emulator,
 * which answers on one port as LocalStack does.
 */

const COMPOSE_FILE = join(REPO_ROOT, "docker-compose.yml");
const HOOKS_DIR = join(REPO_ROOT, "localstack", "init", "ready.d");
const HOOKS_IN_CONTAINER = "/etc/localstack/init/ready.d";
const LOCALSTACK_IMAGE = "localstack/localstack:4.14.0";

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program; a non-zero exit is a result, a program that is not installed throws `missing`. */
function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; missing: string },
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: REPO_ROOT, env: options.env ?? process.env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
          reject(new Error(options.missing));
          return;
        }
        resolvePromise({
          code: typeof error?.code === "number" ? error.code : error ? 1 : 0,
          stdout,
          stderr,
        });
      },
    );
    // A program that exits without reading its input makes the write fail with EPIPE; its exit
    // status, given to the callback, is the result.
    child.stdin?.on("error", () => {});
    child.stdin?.end(options.input ?? "");
  });
}

function explain(what: string, r: RunResult): string {
  return `${what} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
}

function onPath(command: string): string | undefined {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, command))
    .find((file) => existsSync(file));
}

const INSTALL_COMPOSE =
  "docker-compose is not on the PATH: apt-get install docker-compose (Debian's Compose v1 checks docker-compose.yml offline; .ci/run installs it)";

/** The compose file as docker-compose resolves it: interpolated, paths absolute, defaults filled in. */
interface ResolvedCompose {
  services: Record<
    string,
    {
      image: string;
      environment: Record<string, string>;
      volumes: string[];
      ports: string[];
      healthcheck: { test: string[]; interval: string; retries: number };
    }
  >;
}

/**
 * `docker-compose config` prints YAML. Docker-compose v1 is a Python program that reads YAML with
 * PyYAML, so its own interpreter can turn that YAML into JSON (no YAML parser in node_modules).
 */
async function yamlToJson(yaml: string): Promise<unknown> {
  const script = onPath("docker-compose");
  const shebang = script
    ? /^#!\s*(\S+)(?:\s+(\S+))?/.exec(readFileSync(script, "utf8").split("\n")[0] ?? "")
    : null;
  const python = shebang ? (shebang[1]?.endsWith("/env") ? shebang[2] : shebang[1]) : undefined;
  const r = await run(
    python ?? "python3",
    ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
    { input: yaml, missing: `no Python to read docker-compose's YAML with (${python ?? "python3"})` },
  );
  expect(r.code, explain("reading the YAML with PyYAML (Debian: python3-yaml)", r)).toBe(0);
  return JSON.parse(r.stdout);
}

async function resolvedCompose(): Promise<ResolvedCompose> {
  const r = await run("docker-compose", ["-f", COMPOSE_FILE, "config"], {
    // The defaults, not whatever this shell happens to set.
    env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("LOCALSTACK_"))),
    missing: INSTALL_COMPOSE,
  });
  expect(r.code, explain("docker-compose config", r)).toBe(0);
  return (await yamlToJson(r.stdout)) as ResolvedCompose;
}

function localstackService(compose: ResolvedCompose) {
  const service = compose.services.localstack;
  if (!service) throw new Error(`no localstack service in ${JSON.stringify(Object.keys(compose.services))}`);
  return service;
}

describe("docker-compose.yml", () => {
  it("is accepted by Debian's docker-compose: LocalStack 4.14.0 with Darkroom's services, the ready.d hooks and a health check", async () => {
    const service = localstackService(await resolvedCompose());
    expect(service.image).toBe(LOCALSTACK_IMAGE);
    // What the CDKTF app points at LocalStack, no more and no less.
    expect(service.environment.SERVICES?.split(",").sort()).toEqual([...LOCAL_SERVICES].sort());
    expect(service.environment.PERSISTENCE).toBe("0");
    expect(service.environment).not.toHaveProperty("LOCALSTACK_AUTH_TOKEN");
    expect(service.ports).toContain("127.0.0.1:4566:4566/tcp");
    expect(service.volumes).toContain(`${HOOKS_DIR}:${HOOKS_IN_CONTAINER}:ro`);
    expect(service.volumes).toContain("/var/run/docker.sock:/var/run/docker.sock:rw");
    expect(service.healthcheck.test[0]).toBe("CMD-SHELL");
    expect(service.healthcheck.test[1]).toContain("http://localhost:4566/_localstack/init/ready");
  });

  describe("health check", () => {
    /** LocalStack's answer at /_localstack/init/ready, as the test sets it. */
    let answer: { status: number; body: string } = { status: 200, body: "" };
    let server: Server;
    let command: string;

    beforeAll(async () => {
      const test = localstackService(await resolvedCompose()).healthcheck.test[1] ?? "";
      server = createServer((req, res) => {
        const found = req.url === "/_localstack/init/ready";
        res.writeHead(found ? answer.status : 404, { "content-type": "application/json" });
        res.end(found ? answer.body : "{}");
      });
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
      const { port } = server.address() as AddressInfo;
      expect(test).toContain("http://localhost:4566");
      command = test.replaceAll("http://localhost:4566", `http://127.0.0.1:${port}`);
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    /** The health check's exit code while LocalStack answers `body` (formatted as Python's json.dumps does). */
    async function healthWhile(body: object, format: "python" | "compact" = "python"): Promise<number> {
      const json = JSON.stringify(body);
      answer = {
        status: 200,
        body: format === "compact" ? json : json.replaceAll('":', '": ').replaceAll(',"', ', "'),
      };
      const r = await run("sh", ["-c", command], { missing: "no sh" });
      return r.code;
    }
    const script = (state: string) => ({ stage: "READY", name: "10-darkroom-services.sh", state });

    it("is healthy only once the ready.d hooks have run and none failed", async () => {
      if (!onPath("curl")) throw new Error("curl is not on the PATH: apt-get install curl");
      expect(await healthWhile({ completed: true, scripts: [script("SUCCESSFUL")] })).toBe(0);
      expect(await healthWhile({ completed: true, scripts: [script("SUCCESSFUL")] }, "compact")).toBe(0);
      expect(await healthWhile({ completed: false, scripts: [script("RUNNING")] })).not.toBe(0);
      expect(await healthWhile({ completed: true, scripts: [script("ERROR")] })).not.toBe(0);
      answer = { status: 503, body: "starting" };
      expect((await run("sh", ["-c", command], { missing: "no sh" })).code).not.toBe(0);
    });
  });
});

describe("the localstack target against the embedded emulator", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, persist: false });
  });
  afterAll(() => emulator?.stop());

  it("ready.d hooks are executable, committed as such, and report each service Darkroom deploys to", async () => {
    const hooks = readdirSync(HOOKS_DIR).filter((name) => !name.startsWith("."));
    expect(hooks.length).toBeGreaterThan(0);
    const modes = await run("git", ["ls-files", "--stage", "--", HOOKS_DIR], {
      missing: "git is not installed",
    });
    for (const hook of hooks) {
      const file = join(HOOKS_DIR, hook);
      // LocalStack runs .sh hooks only when they are executable, and a clone gets git's mode.
      expect(hook).toMatch(/\.sh$/);
      expect(statSync(file).mode & 0o111, `${hook} is not executable`).toBe(0o111);
      expect(modes.stdout, `${hook} is not committed as executable (git update-index --chmod=+x)`).toMatch(
        new RegExp(`^100755 \\S+ 0\\s+localstack/init/ready\\.d/${hook.replaceAll(".", "\\.")}$`, "m"),
      );
      expect(readFileSync(file, "utf8")).toMatch(/^#!\/bin\/bash\n/);
    }

    // In the container `awslocal` is the AWS CLI aimed at LocalStack; here it is aimed at the emulator.
    const version = await run("aws", ["--version"], {
      missing: "the AWS CLI is not on the PATH: apt-get install awscli (.ci/run installs it)",
    });
    expect(version.code, explain("aws --version", version)).toBe(0);
    const bin = mkdtempSync(join(tmpdir(), "darkroom-awslocal-"));
    writeFileSync(join(bin, "awslocal"), `#!/bin/sh\nexec aws --endpoint-url ${emulator.url} "$@"\n`, {
      mode: 0o755,
    });
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
    const r = await run(join(HOOKS_DIR, "10-darkroom-services.sh"), [], {
      env: { ...env, PATH: `${bin}${delimiter}${process.env.PATH ?? ""}` },
      missing: "the hook could not be started",
    });

    // The emulator does not have every service yet: the hook must say which ones answer and fail otherwise.
    const answering = LOCAL_SERVICES.filter((service) => emulator.services.includes(service));
    const missing = LOCAL_SERVICES.filter((service) => !emulator.services.includes(service));
    expect(r.stdout, explain("the hook", r)).toContain(`darkroom: answering: ${answering.join(" ")}\n`);
    expect(r.stdout).toContain("without labels");
    if (missing.length === 0) {
      expect(r.code, explain("the hook", r)).toBe(0);
    } else {
      expect(r.code, explain("the hook", r)).not.toBe(0);
      expect(r.stderr).toContain(`darkroom: not answering: ${missing.join(" ")};`);
    }
  });

  it("synthesizes Terraform that plans against the emulator, standing in for LocalStack", {
    timeout: 300_000,
  }, async () => {
    const outdir = mkdtempSync(join(tmpdir(), "darkroom-localstack-synth-"));
    const stateDir = mkdtempSync(join(tmpdir(), "darkroom-localstack-state-"));
    const app = new App({ outdir });
    const stack = new DarkroomStack(app, stackName("localstack"), {
      target: "localstack",
      config: loadInfraConfig({ DARKROOM_LOCALSTACK_ENDPOINT: emulator.url }),
      lambdaDistDir: fixtureDist("x86_64"),
      localStateDir: stateDir,
    });
    app.synth();
    expect(stack.settings.labels).toBe(false);
    const dir = join(outdir, "stacks", stackName("localstack"));
    const json = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")) as TerraformJson;

    // Every service at DARKROOM_LOCALSTACK_ENDPOINT, and state in the temp dir, not .darkroom/.
    const endpoints = first(block(json.provider.aws[0]).endpoints);
    expect(Object.keys(endpoints).sort()).toEqual([...LOCAL_SERVICES].sort());
    for (const url of Object.values(endpoints)) expect(url).toBe(emulator.url);
    const statePath = String(block(json.terraform.backend?.local).path);
    expect(resolve(dir, statePath)).toBe(join(stateDir, `${stackName("localstack")}.tfstate`));

    const init = await terraform(dir, ["init", "-input=false", "-no-color"]);
    expect(init.code, explain("terraform init", init)).toBe(0);
    // Anything but the emulator (on loopback, which Go never proxies) would meet a closed port.
    const offline = { HTTP_PROXY: "http://127.0.0.1:9", HTTPS_PROXY: "http://127.0.0.1:9", NO_PROXY: "" };
    const plan = await terraform(
      dir,
      ["plan", "-input=false", "-no-color", "-detailed-exitcode", "-out=tfplan"],
      offline,
    );
    // 2: the plan succeeded and has changes, here everything to create.
    expect(plan.code, explain("terraform plan", plan)).toBe(2);
    const total = Object.values(json.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
    expect(plan.stdout).toContain(`Plan: ${total} to add, 0 to change, 0 to destroy.`);
    for (const [type, byName] of Object.entries(json.resource)) {
      for (const name of Object.keys(byName))
        expect(plan.stdout).toContain(`# ${type}.${name} will be created`);
    }

    const show = await terraform(dir, ["show", "-json", "-no-color", "tfplan"]);
    expect(show.code, explain("terraform show", show)).toBe(0);
    const changes = (JSON.parse(show.stdout) as PlanJson).resource_changes;
    const planned = (type: string, attribute: string) =>
      changes
        .filter((change) => change.type === type)
        .map((change) => {
          expect(change.change.actions).toEqual(["create"]);
          return change.change.after[attribute];
        })
        .sort();

    expect(planned("aws_s3_bucket", "bucket")).toEqual(["darkroom-media", "darkroom-uploads"]);
    expect(planned("aws_dynamodb_table", "name")).toEqual(["darkroom-images"]);
    expect(planned("aws_lambda_function", "function_name")).toEqual(["darkroom-api", "darkroom-processor"]);
    expect(planned("aws_lambda_function_url", "function_name")).toEqual(["darkroom-api"]);
    // The bucket's id is known only once it exists; the trigger itself is plain config.
    expect(planned("aws_s3_bucket_notification", "lambda_function")).toMatchObject([
      [{ events: ["s3:ObjectCreated:*"], filter_prefix: UPLOAD_PREFIX }],
    ]);
    expect(planned("aws_sns_topic", "name")).toEqual([
      "darkroom-critical-alerts",
      "darkroom-log-alerts",
      "darkroom-performance-alerts",
    ]);
    expect(planned("aws_cloudwatch_metric_alarm", "alarm_name")).toEqual(
      [
        "high-error-rate",
        "high-duration",
        "throttles",
        "high-concurrency",
        "log-errors",
        "low-success-rate",
        "timeout-errors",
        "memory-errors",
        "image-processing-errors",
        "s3-permission-errors",
        "critical-errors",
        "large-images",
      ]
        .map((name) => `darkroom-${name}`)
        .sort(),
    );
    expect(planned("aws_cloudwatch_dashboard", "dashboard_name")).toHaveLength(1);
    expect(planned("aws_cloudwatch_log_metric_filter", "name")).toHaveLength(
      resources(json, "aws_cloudwatch_log_metric_filter").length,
    );
    // Known at plan time only because the emulator answered STS GetCallerIdentity.
    expect(planned("aws_lambda_permission", "source_account")).toContain(DEFAULT_ACCOUNT_ID);
    // No Rekognition on LocalStack: the processor runs without labels and may not call it.
    const processor = changes.find((c) => c.change.after.function_name === "darkroom-processor");
    expect(JSON.stringify(processor?.change.after.environment)).toContain('"LABELS_ENABLED":"false"');
    for (const policy of planned("aws_iam_role_policy", "policy"))
      expect(String(policy)).not.toContain("rekognition");
    // CloudFront and remote state belong to the aws target only.
    expect(changes.filter((c) => c.type.startsWith("aws_cloudfront"))).toEqual([]);
  });
});

interface PlanJson {
  resource_changes: { type: string; change: { actions: string[]; after: Record<string, unknown> } }[];
}
